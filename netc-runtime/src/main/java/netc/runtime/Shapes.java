package netc.runtime;

import java.util.Arrays;

/** Shape arithmetic shared by the tensor types and kernels. */
final class Shapes {
    private Shapes() {
    }

    /** The element count of a shape; rejects negative dimensions and counts beyond an array's reach. */
    static int numel(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count *= dim;
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        return (int) count;
    }

    /** Resolves a possibly negative dimension index (Python style) against a rank. */
    static int dim(int dim, int rank) {
        int resolved = dim < 0 ? dim + rank : dim;
        if (resolved < 0 || resolved >= rank) {
            throw new IllegalArgumentException("dimension " + dim + " out of range for rank " + rank);
        }
        return resolved;
    }

    /** The product of shape[from..to). */
    static int product(int[] shape, int from, int to) {
        int product = 1;
        for (int i = from; i < to; i++) {
            product *= shape[i];
        }
        return product;
    }

    /** Resolves one -1 entry of a target shape so that it holds {@code numel} elements. */
    static int[] inferReshape(int[] target, int numel) {
        int[] shape = target.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && unknown < 0) {
                unknown = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("bad target shape " + Arrays.toString(target));
            } else {
                known *= shape[i];
            }
        }
        if (unknown >= 0 && known != 0 && numel % known == 0) {
            shape[unknown] = (int) (numel / known);
        } else if (unknown >= 0 || known != numel) {
            throw new IllegalArgumentException("cannot reshape " + numel + " elements to " + Arrays.toString(target));
        }
        return shape;
    }

    /** A copy of {@code shape}, after checking that {@code length} elements fill it exactly. */
    static int[] checked(int length, int[] shape) {
        int numel = numel(shape);
        if (length != numel) {
            throw new IllegalArgumentException("data has " + length + " elements but shape "
                    + toString(shape) + " needs " + numel);
        }
        return shape.clone();
    }

    static String toString(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Elements before dimension {@code dim}: the number of independent slices along it. */
    static int outer(int[] shape, int dim) {
        return product(shape, 0, dim);
    }

    /** Elements after dimension {@code dim}: the distance between neighbours along it. */
    static int inner(int[] shape, int dim) {
        return product(shape, dim + 1, shape.length);
    }
}
