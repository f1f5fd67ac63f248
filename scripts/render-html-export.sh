#!/bin/sh
# Renders an HTML run export in headless Chromium to a PNG and checks that something rendered:
# the file exists, is a PNG of the requested size, and is not one flat colour.
#
# Usage: scripts/render-html-export.sh EXPORT.html [OUT.png]
# Needs the Debian package `chromium` (or chromium-browser, google-chrome on PATH, or the
# browser's path in CHROMIUM) and python3 (standard library only).
set -eu
html=${1:?usage: $0 EXPORT.html [OUT.png]}
png=${2:-${html%.html}.png}
width=1000
height=1400
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$chromium" ]; then
    echo "render-html-export: chromium is not installed (apt-get install -y chromium)" >&2
    exit 77
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
case $html in /*) url="file://$html" ;; *) url="file://$PWD/$html" ;; esac
# --no-sandbox: containers run as root; --user-data-dir keeps the run away from any profile.
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --screenshot="$png" --window-size="$width,$height" "$url" >/dev/null 2>&1 || true
[ -s "$png" ] || { echo "render-html-export: chromium wrote no screenshot" >&2; exit 1; }
python3 - "$png" "$width" "$height" <<'PY'
import struct, sys, zlib
path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h, depth, colour = struct.unpack(">IIBB", data[16:26])
assert (w, h) == (width, height), f"size {w}x{h}, expected {width}x{height}"
# Decode the IDAT stream and count distinct pixel rows/colours (filter bytes aside).
idat = b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                for i in range(8, len(data)) if data[i + 4:i + 8] == b"IDAT")
raw = zlib.decompress(idat)
channels = {2: 3, 6: 4, 0: 1, 4: 2}[colour]
stride = w * channels
rows, previous = [], bytearray(stride)
for y in range(h):  # undo the PNG row filters to get the pixels
    kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - channels] if x >= channels else 0
        b, c = previous[x], previous[x - channels] if x >= channels else 0
        if kind == 1: line[x] = (line[x] + a) & 255
        elif kind == 2: line[x] = (line[x] + b) & 255
        elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line)); previous = line
pixels = [set(row[i:i + 3] for i in range(0, stride, channels)) for row in rows]
ink = sum(1 for colours in pixels if len(colours) > 1)  # rows that are not one flat colour
colours = len(set().union(*pixels))
print(f"{path}: {w}x{h} PNG, {len(data)} bytes, {ink} of {h} rows with content, {colours} colours")
assert ink > h // 10 and colours > 8, "the page looks blank"
PY
