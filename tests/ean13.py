"""A small EAN-13 reader for the tests: it decodes a rendered barcode from the widths of its
bars along one pixel row, independently of python-barcode, which draws them."""
from __future__ import annotations

# Each digit's seven modules, by set: L (odd parity), G (even), R (right half).
L_CODES = {"0001101": 0, "0011001": 1, "0010011": 2, "0111101": 3, "0100011": 4,
           "0110001": 5, "0101111": 6, "0111011": 7, "0110111": 8, "0001011": 9}
G_CODES = {code[::-1].translate(str.maketrans("01", "10")): d for code, d in L_CODES.items()}
R_CODES = {code.translate(str.maketrans("01", "10")): d for code, d in L_CODES.items()}
# The first digit, from the L/G pattern of the left six.
FIRST = {"LLLLLL": 0, "LLGLGG": 1, "LLGGLG": 2, "LLGGGL": 3, "LGLLGG": 4, "LGGLLG": 5,
         "LGGGLL": 6, "LGLGLG": 7, "LGLGGL": 8, "LGGLGL": 9}


def _runs(row: list[bool]) -> list[tuple[bool, int]]:
    runs: list[tuple[bool, int]] = []
    for dark in row:
        if runs and runs[-1][0] == dark:
            runs[-1] = (dark, runs[-1][1] + 1)
        else:
            runs.append((dark, 1))
    return runs


def decode_row(row: list[bool]) -> str | None:
    """The 13 digits of the first EAN-13 symbol found along `row` (True: dark), or None."""
    runs = _runs(row)
    for start in range(len(runs) - 58):
        window = runs[start:start + 59]
        if not window[0][0]:
            continue
        total = sum(n for _, n in window)
        module = total / 95
        bits = "".join(("1" if dark else "0") * max(1, round(n / module)) for dark, n in window)
        if len(bits) != 95 or bits[:3] != "101" or bits[45:50] != "01010" or bits[92:] != "101":
            continue
        found = _digits(bits)
        if found:
            return found
    return None


def _digits(bits: str) -> str | None:
    left, right = bits[3:45], bits[50:92]
    digits, parity = [], ""
    for i in range(6):
        code = left[7 * i:7 * i + 7]
        if code in L_CODES:
            digits.append(L_CODES[code]); parity += "L"
        elif code in G_CODES:
            digits.append(G_CODES[code]); parity += "G"
        else:
            return None
    for i in range(6):
        code = right[7 * i:7 * i + 7]
        if code not in R_CODES:
            return None
        digits.append(R_CODES[code])
    if parity not in FIRST:
        return None
    number = [FIRST[parity]] + digits
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(number[:12])) % 10) % 10
    return "".join(map(str, number)) if check == number[12] else None


def decode_image(path) -> str | None:
    """The first EAN-13 found on a row of the image at `path` (a PNG render), looking from
    the foot up (a book's barcode sits low on its back cover)."""
    from PIL import Image

    with Image.open(path) as image:
        grey = image.convert("L").point(lambda v: 255 if v < 128 else 0)
        width, height = grey.size
        data = grey.tobytes()
    for y in range(height - 1, -1, -3):
        row = data[y * width:(y + 1) * width]
        if row.count(b"\xff") < 30:                 # no bars on this row
            continue
        found = decode_row([v == 255 for v in row])
        if found:
            return found
    return None
