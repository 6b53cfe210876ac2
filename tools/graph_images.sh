#!/usr/bin/env bash
# Writes the README's pictures, docs/images/{resnet18,unet_small,tiny_transformer}.png: netc graph's
# SVG of each sample, screenshotted at its own size by headless Chromium (Debian's chromium), as
# GraphRenderTest does. Usage: tools/graph_images.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$here/docs/images"
for sample in resnet18 unet_small tiny_transformer; do
    "$here/netc" graph "$here/samples/$sample.net" -o "$work/$sample.svg" >/dev/null
    read -r width height < <(sed -n 's/^<svg [^>]*width="\([0-9]*\)" height="\([0-9]*\)".*/\1 \2/p' "$work/$sample.svg")
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --user-data-dir="$work/profile" --screenshot="$here/docs/images/$sample.png" \
        --window-size="$width,$height" "file://$work/$sample.svg" >/dev/null 2>&1
    echo "wrote docs/images/$sample.png ($width x $height)"
done
