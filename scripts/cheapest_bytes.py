#!/usr/bin/env python3
"""How few bytes could have drawn what a recorded run drew.

Reads a recording made by `measure_run.py --record FILE`, plays it through a terminal
emulator (pyte: `pip install pyte`), and for each frame (a burst of output) finds the
cells that changed on the screen. It then prices the cheapest encoding of those changes it
can find, starting from where the cursor and the style were left by the frame before:

- every changed cell's symbol in UTF-8;
- the shortest cursor move to each run of changed cells: an absolute move (`CSI r;c H`),
  a line feed or `CSI n B` down, `CSI n A` up, a carriage return, `CSI n C` / `CSI n D`
  along the row, `CSI c G` to a column, or writing the unchanged cells in between again
  when that is shorter;
- the shortest SGR sequence from one style to the next: only the attributes that changed,
  or a reset and the new style, whichever is shorter, colours in their shortest code.

Repeat (`REP`) and erase (`ECH`, `EL`) sequences are not used: not every terminal has
them. The figure is a bound to measure a program's own bytes against, for the same frames:

    python3 scripts/cheapest_bytes.py --size 100x30 --steady 5:57 run.rec

prints the bytes written and the cheapest encoding over the steady window, per second,
and their ratio.
"""
import argparse
import struct
import sys

try:
    import pyte
    import pyte.graphics as graphics
except ImportError:
    sys.exit("cheapest_bytes.py needs pyte: pip install pyte")

# pyte does not keep "dim" (SGR 2); the recordings measured here never blink, so dim is
# kept in pyte's blink attribute.
DIM, DIM_OFF, BLINK, BLINK_OFF = 2, 22, 5, 25


class Screen(pyte.Screen):
    def select_graphic_rendition(self, *attrs, private=False):
        if private:
            return  # not a style (CSI ? ... m)
        out = []
        for a in attrs:
            if a == BLINK or a == BLINK_OFF:
                continue
            out.append(BLINK if a == DIM else a)
            if a == DIM_OFF:
                out.append(BLINK_OFF)
        if attrs and not out:
            return
        super().select_graphic_rendition(*out)


def read_recording(path):
    """The chunks of a recording: (seconds from the start, bytes)."""
    chunks = []
    with open(path, "rb") as f:
        data = f.read()
    at = 0
    while at < len(data):
        t, n = struct.unpack_from("<dI", data, at)
        at += 12
        chunks.append((t, data[at:at + n]))
        at += n
    return chunks


def frames(chunks, gap):
    """Chunks that arrive within `gap` seconds of each other, as one frame."""
    out = []
    for t, b in chunks:
        if out and t - out[-1][1] <= gap:
            out[-1][1] = t
            out[-1][2] += b
        else:
            out.append([t, t, b])
    return [(start, b) for start, _, b in out]


def digits(n):
    return len(str(n))


def move_cost(cx, cy, x, y):
    """The fewest bytes that take the cursor from (cx, cy) to (x, y), 0-based."""
    if (cx, cy) == (x, y):
        return 0
    if (x, y) == (0, 0):
        absolute = 3
    elif x == 0:
        absolute = 3 + digits(y + 1)
    else:
        absolute = 4 + digits(y + 1) + digits(x + 1)
    dy = y - cy
    if dy == 0:
        vertical = 0
    elif dy > 0:
        vertical = min(dy, 3 + (digits(dy) if dy > 1 else 0))
    else:
        vertical = 3 + (digits(-dy) if dy < -1 else 0)
    dx = x - cx
    if dx == 0:
        horizontal = 0
    else:
        along = 3 + (digits(abs(dx)) if abs(dx) > 1 else 0)
        column = 3 + (digits(x + 1) if x > 0 else 0)
        horizontal = min(along, column)
        if x == 0:
            horizontal = 1
        else:
            horizontal = min(horizontal, 1 + 3 + (digits(x) if x > 1 else 0))
    return min(absolute, vertical + horizontal)


BASIC = {"black": 0, "red": 1, "green": 2, "brown": 3, "blue": 4, "magenta": 5,
         "cyan": 6, "white": 7}
PALETTE = {hex_: i for i, hex_ in reversed(list(enumerate(graphics.FG_BG_256)))}


def colour_code(c, bg):
    """The shortest SGR code of a pyte colour, as text."""
    if c == "default":
        return "49" if bg else "39"
    name = c.replace("bfight", "bright")
    if name in BASIC:
        return str((40 if bg else 30) + BASIC[name])
    if name.startswith("bright") and name[6:] in BASIC:
        return str((100 if bg else 90) + BASIC[name[6:]])
    i = PALETTE.get(c.lower())
    if i is not None:
        if i < 8:
            return str((40 if bg else 30) + i)
        if i < 16:
            return str((100 if bg else 90) + i - 8)
        return f"{48 if bg else 38};5;{i}"
    r, g, b = (int(c[k:k + 2], 16) for k in (0, 2, 4))
    return f"{48 if bg else 38};2;{r};{g};{b}"


def pen(ch):
    return (ch.fg, ch.bg, ch.bold, ch.blink, ch.italics, ch.underscore, ch.reverse,
            ch.strikethrough)


PLAIN = ("default", "default", False, False, False, False, False, False)
FLAGS = [(4, "3", "23"), (5, "4", "24"), (6, "7", "27"), (7, "9", "29")]


def sgr_cost(a, b):
    """The fewest bytes of one SGR sequence that turn style a into style b."""
    if a == b:
        return 0

    def codes_from(start, reset):
        codes = ["0"] if reset else []
        bold, dim = start[2], start[3]
        if (bold and not b[2]) or (dim and not b[3]):
            codes.append("22")
            bold = dim = False
        if b[2] and not bold:
            codes.append("1")
        if b[3] and not dim:
            codes.append("2")
        for i, on, off in FLAGS:
            if b[i] != start[i]:
                codes.append(on if b[i] else off)
        if b[0] != start[0]:
            codes.append(colour_code(b[0], False))
        if b[1] != start[1]:
            codes.append(colour_code(b[1], True))
        return codes

    def cost(codes):
        if codes == ["0"]:
            return 3  # CSI m
        return 3 + len(";".join(codes))

    return min(cost(codes_from(a, False)), cost(codes_from(PLAIN, True)))


def snapshot(screen):
    return [[screen.buffer[y][x] for x in range(screen.columns)] for y in range(screen.lines)]


def cheapest(before, after, cursor, style, columns):
    """The cheapest encoding of the change from `before` to `after`, in bytes, starting at
    `cursor` in `style`."""
    total = 0
    cx, cy = cursor
    for y, (old, new) in enumerate(zip(before, after)):
        changed = [x for x in range(columns)
                   if old[x] != new[x] and not (new[x].data == "" and x > 0)]
        for x in changed:
            if x < cx or cy != y or x == cx:
                step = move_cost(cx, cy, x, y)
                total += step + sgr_cost(style, pen(new[x]))
            else:
                # Jump over the unchanged cells, or write them again: whichever is shorter.
                jump = move_cost(cx, cy, x, y) + sgr_cost(style, pen(new[x]))
                bridge, s = 0, style
                for g in range(cx, x):
                    if new[g].data == "":
                        continue
                    bridge += sgr_cost(s, pen(new[g])) + len(new[g].data.encode())
                    s = pen(new[g])
                bridge += sgr_cost(s, pen(new[x]))
                total += min(jump, bridge)
            style = pen(new[x])
            total += len(new[x].data.encode())
            wide = x + 1 < columns and new[x + 1].data == ""
            cx, cy = min(x + (2 if wide else 1), columns - 1), y
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", default="100x30")
    p.add_argument("--steady", default="5:25", help="window, seconds from the start")
    p.add_argument("--gap", type=float, default=0.005,
                   help="chunks closer than this many seconds are one frame")
    p.add_argument("recording")
    a = p.parse_args()
    columns, lines = (int(v) for v in a.size.split("x"))
    lo, hi = (float(v) for v in a.steady.split(":"))
    screen = Screen(columns, lines)
    stream = pyte.ByteStream(screen)
    before = snapshot(screen)
    written = bound = count = beaten = 0
    for start, data in frames(read_recording(a.recording), a.gap):
        cursor = (screen.cursor.x, screen.cursor.y)
        style = pen(screen.cursor.attrs)
        stream.feed(data)
        after = snapshot(screen)
        if lo <= start < hi:
            cost = cheapest(before, after, cursor, style, columns)
            written += len(data)
            bound += cost
            count += 1
            # A frame written in fewer bytes than its "cheapest" encoding used a trick the
            # pricing does not know: the bound is then not one.
            beaten += cost > len(data)
        before = after
    span = hi - lo
    ratio = "-" if not bound else f"{written / bound:.2f}x"
    print(f"{count} frames in {lo:g}-{hi:g} s: written {written / span:.0f} B/s, "
          f"cheapest encoding {bound / span:.0f} B/s, ratio {ratio}")
    if beaten:
        print(f"warning: {beaten} frames were written in fewer bytes than priced here")


if __name__ == "__main__":
    sys.exit(main())
