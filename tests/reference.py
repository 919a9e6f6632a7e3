"""Short pure-Python reference for the kernels in ``textkit._core``.

Written from the description in ``_core.pyx``'s docstring, not from its code:
tokens are runs of ``str.isalnum()`` characters of the NFC text, folded one
code point at a time with the simple lowercase mapping (``c.lower()[0]``;
only U+0130 lowercases to two code points, and its first is the simple
mapping) and final sigma folded to sigma.  Hashes follow the same recipe on
Python integers masked to 64 bits.  SuperMinHash is Ertl's sequential
algorithm as published, without the kernel's level-0 pass, so the tests also
check that the shortcut changes nothing.
"""
from __future__ import annotations

import re
import unicodedata

MASK = (1 << 64) - 1
TOKEN_SEED = 0x243F6A8885A308D3
TOKEN_MUL = 0x9E3779B97F4A7C15
ROLL_MUL = 0xD6E8FEB86659FD93
GAMMA = 0x9E3779B97F4A7C15
SEED_SALT = 0x13198A2E03707344
FP_SEED_A = 0xA4093822299F31D0
FP_SEED_B = 0x082EFA98EC4E6C89
FP_MUL_A = 0xC2B2AE3D27D4EB4F
FP_MUL_B = 0x165667B19E3779F9
BAND_SALT = 0x452821E638D01377
EMPTY_SLOT = MASK

TOKEN_RE = re.compile(r"[^\W_]+")


def mix64(z: int) -> int:
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def fold(token: str) -> str:
    out = []
    for c in token:
        low = c.lower()[0]
        out.append("\u03c3" if low == "\u03c2" else low)
    return "".join(out)


def tokens(text: str) -> list[str]:
    return [fold(t) for t in TOKEN_RE.findall(text)]


def token_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN_RE.finditer(text)]


def token_hash(token: str) -> int:
    h = TOKEN_SEED
    for c in token:
        h = ((h ^ ord(c)) * TOKEN_MUL) & MASK
    return mix64(h)


def rolling(items: list[int], n: int) -> list[int]:
    """Hash of each window of n items; a shorter non-empty list gives one."""
    if not items:
        return []
    windows = [items] if len(items) <= n else [items[i:i + n] for i in range(len(items) - n + 1)]
    out = []
    for window in windows:
        acc = 0
        for item in window:
            acc = (acc * ROLL_MUL + item) & MASK
        out.append(mix64(acc))
    return out


def shingle_hashes(text: str, shingle: str = "word", n: int = 5) -> list[int]:
    text = unicodedata.normalize("NFC", text)
    if shingle == "word":
        return rolling([token_hash(t) for t in tokens(text)], n)
    return rolling([ord(c) for c in " ".join(tokens(text))], n)


def shingle_strings(text: str, shingle: str = "word", n: int = 5) -> list[str]:
    toks = tokens(unicodedata.normalize("NFC", text))
    if shingle == "word":
        if not toks:
            return []
        if len(toks) <= n:
            return [" ".join(toks)]
        return [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
    s = " ".join(toks)
    if not s:
        return []
    if len(s) <= n:
        return [s]
    return [s[i:i + n] for i in range(len(s) - n + 1)]


def exact_jaccard(a: str, b: str, shingle: str = "word", n: int = 5) -> float:
    sa, sb = set(shingle_strings(a, shingle, n)), set(shingle_strings(b, shingle, n))
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def fingerprint(text: str) -> tuple[int, int]:
    hashes = [token_hash(t) for t in tokens(unicodedata.normalize("NFC", text))]
    fa, fb = FP_SEED_A, FP_SEED_B
    for th in hashes:
        fa = (fa * FP_MUL_A + th) & MASK
        fb = (fb * FP_MUL_B + (th ^ FP_SEED_A)) & MASK
    return mix64(fa ^ len(hashes)), mix64((fb + len(hashes)) & MASK)


def superminhash(items: list[int], m: int, seed: int) -> list[int]:
    """Ertl (2017), Algorithm 1, with integer registers (j << 32) | r."""
    key = mix64(seed ^ SEED_SALT)
    h = [EMPTY_SLOT] * m
    hist = [0] * m
    hist[m - 1] = m
    a = m - 1
    for x in items:
        state = mix64(x ^ key)
        perm = list(range(m))
        j = 0
        while j <= a:
            if j:  # draw 0 is the seeded state itself
                state = (state + GAMMA) & MASK
            z = mix64(state) if j else state
            k = j + (((z >> 32) * (m - j)) >> 32)
            perm[j], perm[k] = perm[k], perm[j]
            slot = perm[j]
            value = (j << 32) | (z & 0xFFFFFFFF)
            if value < h[slot]:
                old = min(h[slot] >> 32, m - 1)
                h[slot] = value
                if j < old:
                    hist[old] -= 1
                    hist[j] += 1
                    while hist[a] == 0:
                        a -= 1
            j += 1
    return h


def signature(text: str, shingle: str = "word", n: int = 5, num_perm: int = 128,
              seed: int = 1) -> list[int]:
    return superminhash(shingle_hashes(text, shingle, n), num_perm, seed)


def band_keys(sig: list[int], bands: int, rows: int) -> list[int]:
    keys = []
    for b in range(bands):
        acc = mix64((BAND_SALT + b) & MASK)
        for r in range(rows):
            acc = mix64(acc ^ sig[b * rows + r])
        keys.append(acc)
    return keys
