package netc.bench;

/** Generated model files of a given size, and large real architectures written from blocks, for benchmarks. */
public final class ModelText {
    private ModelText() {
    }

    /** A plain model of {@code layers} layers: conv, batch norm and relu, three to a line. */
    public static String chain(int layers) {
        StringBuilder text = new StringBuilder("model Generated {\n    input x: [16, 8, 8]\n");
        for (int i = 0; i < layers / 3; i++) {
            text.append("    conv2d(16, 16, k=3, p=1, bias=false) -> batchnorm2d(16) -> relu\n");
        }
        return text.append("}\n").toString();
    }

    /** torchvision's resnet152: bottleneck blocks, [3, 8, 36, 3] per stage. */
    public static String resnet152() {
        return "block Bottleneck(inplanes, planes, stride = 1) {\n"
            + "    input x\n"
            + "    out = conv1: conv2d(inplanes, planes, k=1, bias=false) -> bn1: batchnorm2d(planes) -> relu: relu\n"
            + "        -> conv2: conv2d(planes, planes, k=3, s=stride, p=1, bias=false) -> bn2: batchnorm2d(planes) -> relu\n"
            + "        -> conv3: conv2d(planes, planes * 4, k=1, bias=false) -> bn3: batchnorm2d(planes * 4)\n"
            + "    identity = x\n"
            + "    if stride != 1 || inplanes != planes * 4 {\n"
            + "        identity = x -> downsample: (conv2d(inplanes, planes * 4, k=1, s=stride, bias=false)"
            + " -> batchnorm2d(planes * 4))\n"
            + "    }\n"
            + "    out + identity -> relu\n"
            + "}\n"
            + "block Stage(inplanes, planes, blocks, stride) {\n"
            + "    input x\n"
            + "    Bottleneck(inplanes, planes, stride) -> repeat blocks - 1 { Bottleneck(planes * 4, planes) }\n"
            + "}\n"
            + "model ResNet152 {\n"
            + "    input x: [3, 224, 224]\n"
            + "    conv1: conv2d(3, 64, k=7, s=2, p=3, bias=false) -> bn1: batchnorm2d(64) -> relu: relu"
            + " -> maxpool: maxpool(3, s=2, p=1)\n"
            + "    layer1: (Bottleneck(64, 64) -> repeat 2 { Bottleneck(256, 64) })\n"
            + "    layer2: (Bottleneck(256, 128, 2) -> repeat 7 { Bottleneck(512, 128) })\n"
            + "    layer3: (Bottleneck(512, 256, 2) -> repeat 35 { Bottleneck(1024, 256) })\n"
            + "    layer4: (Bottleneck(1024, 512, 2) -> repeat 2 { Bottleneck(2048, 512) })\n"
            + "    avgpool: adaptiveavgpool((1, 1)) -> F.flatten -> fc: linear(2048, 1000)\n"
            + "}\n";
    }

    /** torchvision's densenet201: dense blocks of [6, 12, 48, 32] layers whose outputs are concatenated. */
    public static String densenet201() {
        return "block DenseLayer(cin, growth = 32, bn_size = 4) {\n"
            + "    input x\n"
            + "    norm1: batchnorm2d(cin) -> relu1: relu -> conv1: conv2d(cin, bn_size * growth, k=1, bias=false)\n"
            + "        -> norm2: batchnorm2d(bn_size * growth) -> relu2: relu\n"
            + "        -> conv2: conv2d(bn_size * growth, growth, k=3, p=1, bias=false)\n"
            + "}\n"
            + "block DenseBlock(layers, cin, growth = 32) {\n"
            + "    input x\n"
            + "    f = x\n"
            + "    repeat i in layers { f = cat(f, f -> DenseLayer(cin + i * growth, growth), dim=1) }\n"
            + "    f\n"
            + "}\n"
            + "block Transition(cin, cout) {\n"
            + "    input x\n"
            + "    norm: batchnorm2d(cin) -> relu: relu -> conv: conv2d(cin, cout, k=1, bias=false)"
            + " -> pool: avgpool(2, s=2)\n"
            + "}\n"
            + "model DenseNet201 {\n"
            + "    input x: [3, 224, 224]\n"
            + "    features: (\n"
            + "        conv0: conv2d(3, 64, k=7, s=2, p=3, bias=false) -> norm0: batchnorm2d(64) -> relu0: relu\n"
            + "        pool0: maxpool(3, s=2, p=1)\n"
            + "        denseblock1: DenseBlock(6, 64) -> transition1: Transition(256, 128)\n"
            + "        denseblock2: DenseBlock(12, 128) -> transition2: Transition(512, 256)\n"
            + "        denseblock3: DenseBlock(48, 256) -> transition3: Transition(1792, 896)\n"
            + "        denseblock4: DenseBlock(32, 896) -> norm5: batchnorm2d(1920)\n"
            + "    )\n"
            + "    F.relu -> F.adaptiveavgpool((1, 1)) -> F.flatten -> classifier: linear(1920, 1000)\n"
            + "}\n";
    }
}
