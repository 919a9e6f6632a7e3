"""Kernels for textkit: tokenising, shingle hashing, MinHash and LSH band keys.

This module holds only the per-character and per-token loops.  Each public
function here validates its arguments, then runs one C loop without the GIL.
Policies (NFC normalisation, configuration, I/O) live in the Python modules
that call it; see ``textkit/dedup.py``.

Normalisation (identical to ``tests/reference.py``):

* A *token* is a maximal run of code points for which ``str.isalnum()`` is
  true (Unicode letters and digits; underscore is not a letter).  Everything
  else -- whitespace, punctuation, straight and curly quotes, every dash,
  symbols -- only separates tokens, so "don't" and "don’t" both give
  ``don``, ``t``.
* Each code point of a token is folded with the Unicode simple lowercase
  mapping (``Py_UNICODE_TOLOWER``), and the Greek final sigma U+03C2 is
  folded to U+03C3 so that "ΛΌΓΟΣ" and "λόγος" agree.
* Callers pass NFC text (the Python layer normalises), so "café" typed with
  a combining accent matches the precomposed form.
* Character n-grams run over the folded tokens joined by single spaces.

Hash: ``mix64`` below is the SplitMix64 finaliser (Stafford's "variant 13").
Tokens are hashed code point by code point as ``h = (h ^ c) * K`` and then
finalised with ``mix64``; working on code points, not bytes, makes the value
independent of how CPython stores the string (1, 2 or 4 bytes a character).
Shingles combine token hashes with a polynomial rolling hash (O(1) a token
whatever n is), finalised with ``mix64``.  All arithmetic is on unsigned
64-bit integers, so values are identical on every platform and compiler.

MinHash: SuperMinHash (O. Ertl, 2017, arXiv:1706.05698).  Each shingle seeds
a SplitMix64 stream that draws a random permutation of the registers
incrementally (Fisher-Yates); the shingle offers value ``j + r`` to the
register at position ``j`` of its permutation, and stops as soon as ``j``
exceeds every register's integer part.  For a pair of sets the probability
that a register agrees is exactly their Jaccard index, and the variance of
the estimate is never larger than that of classic k-permutation MinHash
(smaller for small sets), at an expected cost of O(n + k log^2 k) instead of
O(n k).  The kernel runs levels 0 and 1 of every element's permutation
breadth-first (level 0 is plain one-permutation hashing) and walks further
only when a register is still empty, which is rare past ~450 shingles; the
registers are exactly those of Ertl's sequential algorithm, at a fraction of
the work for news-length documents.  A register stores ``(j << 32) | r``
with ``r`` 32 random bits, so the element-wise minimum of two signatures is
the signature of the union.
"""

from cpython.unicode cimport PyUnicode_Check
from libc.stdint cimport int64_t, uint8_t, uint32_t, uint64_t
from libc.stdlib cimport free, malloc, realloc

import numpy as np

cdef extern from "Python.h":
    # Reading a str's buffer: valid while we hold a reference to the str.
    unsigned int PyUnicode_KIND(object o)
    void* PyUnicode_DATA(object o)
    Py_ssize_t PyUnicode_GET_LENGTH(object o)
    # Pure table lookups in CPython's Unicode database: safe without the GIL.
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch) nogil
    Py_UCS4 Py_UNICODE_TOLOWER(Py_UCS4 ch) nogil


# ---------------------------------------------------------------- constants
cdef uint64_t TOKEN_SEED = 0x243F6A8885A308D3ULL   # digits of pi: nothing up our sleeve
cdef uint64_t TOKEN_MUL = 0x9E3779B97F4A7C15ULL    # 2^64 / golden ratio, odd
cdef uint64_t ROLL_MUL = 0xD6E8FEB86659FD93ULL     # odd multiplier for rolling shingles
cdef uint64_t GAMMA = 0x9E3779B97F4A7C15ULL        # SplitMix64 stream increment
cdef uint64_t SEED_SALT = 0x13198A2E03707344ULL
cdef uint64_t FP_SEED_A = 0xA4093822299F31D0ULL
cdef uint64_t FP_SEED_B = 0x082EFA98EC4E6C89ULL
cdef uint64_t FP_MUL_A = 0xC2B2AE3D27D4EB4FULL  # odd multipliers of the two fingerprint lanes
cdef uint64_t FP_MUL_B = 0x165667B19E3779F9ULL
cdef uint64_t BAND_SALT = 0x452821E638D01377ULL
cdef uint64_t EMPTY_SLOT = 0xFFFFFFFFFFFFFFFFULL  # a register no shingle reached

cdef enum:
    KIND_WORD = 0
    KIND_CHAR = 1

ctypedef fused char_t:
    unsigned char
    unsigned short
    uint32_t


# Folded value of every Latin-1 code point (0 = separator); filled at import.
cdef uint32_t LATIN1_FOLD[256]


cdef inline uint64_t mix64(uint64_t z) noexcept nogil:
    # SplitMix64 finaliser: every input bit flips each output bit with
    # probability close to 1/2, and it is a bijection on 64-bit words.
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL
    return z ^ (z >> 31)


cdef inline Py_UCS4 read_char(const void* data, unsigned int kind, Py_ssize_t i) noexcept nogil:
    if kind == 1:
        return (<const unsigned char*>data)[i]
    if kind == 2:
        return (<const unsigned short*>data)[i]
    return (<const uint32_t*>data)[i]


cdef inline uint32_t fold_char(Py_UCS4 c) noexcept nogil:
    """Folded code point of ``c`` or 0 when ``c`` separates tokens."""
    cdef Py_UCS4 low
    if c < 256:
        return LATIN1_FOLD[c]
    if not Py_UNICODE_ISALNUM(c):
        return 0
    low = Py_UNICODE_TOLOWER(c)
    if low == 0x3C2:  # final sigma -> sigma
        return 0x3C3
    return low


cdef void _init_fold_table() noexcept:
    cdef Py_UCS4 c, low
    for c in range(256):
        if Py_UNICODE_ISALNUM(c):
            low = Py_UNICODE_TOLOWER(c)
            LATIN1_FOLD[c] = low
        else:
            LATIN1_FOLD[c] = 0

_init_fold_table()


# Code point ranges that are certainly NFC on their own and never combine
# with a neighbour (NFC_Quick_Check=Yes, canonical combining class 0).  A
# text made only of these is NFC; anything else goes to unicodedata.
# tests/test_core.py derives the property from unicodedata for every range.
NFC_SAFE_RANGES = (
    (0x0000, 0x02FF), (0x0388, 0x0482), (0x0488, 0x0590), (0x05D0, 0x05EA),
    (0x0671, 0x06D5), (0x1E00, 0x1F70), (0x2002, 0x20CF), (0x212C, 0x2328),
    (0x232B, 0x2ADB), (0x2E00, 0x3029), (0x309B, 0xA66E), (0xABEE, 0xD7FF),
    (0xFE30, 0xFFFD), (0x1F000, 0x1FAFF),
)
cdef Py_UCS4 NFC_SAFE_LO[32]
cdef Py_UCS4 NFC_SAFE_HI[32]
cdef int NFC_SAFE_COUNT = len(NFC_SAFE_RANGES)


cdef void _init_nfc_table() except *:
    cdef int i
    assert NFC_SAFE_COUNT <= 32, "NFC_SAFE_LO/HI hold at most 32 ranges"
    for i in range(NFC_SAFE_COUNT):
        NFC_SAFE_LO[i] = NFC_SAFE_RANGES[i][0]
        NFC_SAFE_HI[i] = NFC_SAFE_RANGES[i][1]

_init_nfc_table()


cdef inline bint nfc_safe_char(Py_UCS4 c) noexcept nogil:
    cdef int i
    if c < 0x300:
        return True
    for i in range(1, NFC_SAFE_COUNT):
        if NFC_SAFE_LO[i] <= c <= NFC_SAFE_HI[i]:
            return True
    return False


cdef inline bint nfc_safe_typed(const char_t* chars, Py_ssize_t length) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(length):
        if chars[i] >= 0x300 and not nfc_safe_char(chars[i]):
            return False
    return True


# ---------------------------------------------------------------- growable buffers
ctypedef struct U64Buf:
    uint64_t* data
    Py_ssize_t size
    Py_ssize_t cap

ctypedef struct U32Buf:
    uint32_t* data
    Py_ssize_t size
    Py_ssize_t cap


cdef int grow_buffer(void** data, Py_ssize_t* cap, Py_ssize_t need,
                     size_t item_size) except -1 nogil:
    """Make ``*data`` hold at least ``need`` items (doubling; contents kept)."""
    cdef Py_ssize_t new_cap
    cdef void* grown
    if need <= cap[0]:
        return 0
    new_cap = cap[0] * 2 if cap[0] * 2 > need else need
    if new_cap < 256:
        new_cap = 256
    grown = realloc(data[0], <size_t>new_cap * item_size)
    if grown == NULL:
        with gil:
            raise MemoryError(f"textkit._core: could not allocate {new_cap * item_size} bytes")
    data[0] = grown
    cap[0] = new_cap
    return 0


cdef inline int u64_reserve(U64Buf* buf, Py_ssize_t need) except -1 nogil:
    return grow_buffer(<void**>&buf.data, &buf.cap, need, sizeof(uint64_t))


cdef inline int u32_reserve(U32Buf* buf, Py_ssize_t need) except -1 nogil:
    return grow_buffer(<void**>&buf.data, &buf.cap, need, sizeof(uint32_t))


# ---------------------------------------------------------------- tokenising
cdef inline Py_ssize_t token_hashes_typed(const char_t* chars, Py_ssize_t length,
                                          uint64_t* out) noexcept nogil:
    cdef Py_ssize_t i, size = 0
    cdef uint32_t f
    cdef uint64_t h = TOKEN_SEED
    cdef bint in_token = False
    for i in range(length):
        f = fold_char(chars[i])
        if f != 0:
            h = (h ^ f) * TOKEN_MUL
            in_token = True
        elif in_token:
            out[size] = mix64(h)
            size += 1
            h = TOKEN_SEED
            in_token = False
    if in_token:
        out[size] = mix64(h)
        size += 1
    return size


cdef int token_hashes_c(const void* data, unsigned int kind, Py_ssize_t length,
                        U64Buf* out) except -1 nogil:
    """Fill ``out`` with one hash a token, in text order."""
    # A text of L characters holds at most L/2 + 1 tokens: reserve once.
    u64_reserve(out, length // 2 + 1)
    if kind == 1:
        out.size = token_hashes_typed(<const unsigned char*>data, length, out.data)
    elif kind == 2:
        out.size = token_hashes_typed(<const unsigned short*>data, length, out.data)
    else:
        out.size = token_hashes_typed(<const uint32_t*>data, length, out.data)
    return 0


cdef int folded_chars_c(const void* data, unsigned int kind, Py_ssize_t length,
                        U32Buf* out) except -1 nogil:
    """Fill ``out`` with the folded tokens joined by single spaces."""
    cdef Py_ssize_t i
    cdef uint32_t f
    cdef bint pending_space = False
    out.size = 0
    u32_reserve(out, length)
    for i in range(length):
        f = fold_char(read_char(data, kind, i))
        if f != 0:
            if pending_space:
                out.data[out.size] = 32
                out.size += 1
                pending_space = False
            out.data[out.size] = f
            out.size += 1
        elif out.size > 0:
            pending_space = True
    return 0


cdef inline uint64_t pow_u64(uint64_t base, int exponent) noexcept nogil:
    cdef uint64_t result = 1
    cdef int i
    for i in range(exponent):
        result *= base
    return result


ctypedef fused item_t:
    uint32_t
    uint64_t


cdef Py_ssize_t rolling_shingles(const item_t* items, Py_ssize_t count, int n,
                                 uint64_t* out) noexcept nogil:
    """Hash every window of ``n`` items; a shorter non-empty input gives one."""
    cdef Py_ssize_t i
    cdef uint64_t acc = 0
    cdef uint64_t drop_mul
    if count == 0:
        return 0
    if count <= n:
        for i in range(count):
            acc = acc * ROLL_MUL + items[i]
        out[0] = mix64(acc)
        return 1
    drop_mul = pow_u64(ROLL_MUL, n - 1)
    for i in range(n):
        acc = acc * ROLL_MUL + items[i]
    out[0] = mix64(acc)
    for i in range(n, count):
        # Remove the oldest item, shift, add the newest: the polynomial
        # sum(items[k] * ROLL_MUL^(window end - k)) mod 2^64.
        acc = (acc - items[i - n] * drop_mul) * ROLL_MUL + items[i]
        out[i - n + 1] = mix64(acc)
    return count - n + 1


ctypedef struct Scratch:
    U64Buf tokens
    U64Buf shingles
    U32Buf chars
    uint64_t* registers_stamp
    uint32_t* perm
    uint32_t* level_count


cdef void scratch_clear(Scratch* s) noexcept nogil:
    """Empty buffers and NULL pointers: safe to pass to scratch_free."""
    s.tokens = U64Buf(NULL, 0, 0)
    s.shingles = U64Buf(NULL, 0, 0)
    s.chars = U32Buf(NULL, 0, 0)
    s.registers_stamp = NULL
    s.perm = NULL
    s.level_count = NULL


cdef int scratch_init(Scratch* s, Py_ssize_t num_perm) except -1 nogil:
    """Allocate the MinHash scratch of a cleared Scratch (free it with scratch_free)."""
    s.registers_stamp = <uint64_t*>malloc(<size_t>num_perm * sizeof(uint64_t))
    s.perm = <uint32_t*>malloc(<size_t>num_perm * sizeof(uint32_t))
    s.level_count = <uint32_t*>malloc(<size_t>num_perm * sizeof(uint32_t))
    if s.registers_stamp == NULL or s.perm == NULL or s.level_count == NULL:
        with gil:
            raise MemoryError(f"textkit._core: could not allocate MinHash scratch for {num_perm} slots")
    return 0


cdef void scratch_free(Scratch* s) noexcept nogil:
    free(s.tokens.data)
    free(s.shingles.data)
    free(s.chars.data)
    free(s.registers_stamp)
    free(s.perm)
    free(s.level_count)


cdef int shingle_hashes_c(const void* data, unsigned int kind, Py_ssize_t length,
                          int shingle_kind, int n, Scratch* s) except -1 nogil:
    """Leave the shingle hashes of one text in ``s.shingles`` (with repeats)."""
    if shingle_kind == KIND_WORD:
        token_hashes_c(data, kind, length, &s.tokens)
        u64_reserve(&s.shingles, s.tokens.size + 1)
        s.shingles.size = rolling_shingles(s.tokens.data, s.tokens.size, n, s.shingles.data)
    else:
        folded_chars_c(data, kind, length, &s.chars)
        u64_reserve(&s.shingles, s.chars.size + 1)
        s.shingles.size = rolling_shingles(s.chars.data, s.chars.size, n, s.shingles.data)
    return 0


# ---------------------------------------------------------------- SuperMinHash
cdef void superminhash_c(const uint64_t* items, Py_ssize_t count, Py_ssize_t m,
                         uint64_t seed_key, uint64_t* registers, Scratch* s) noexcept nogil:
    """Write the ``m`` SuperMinHash registers of ``items`` into ``registers``."""
    cdef uint64_t* stamp = s.registers_stamp
    cdef uint32_t* perm = s.perm
    cdef uint32_t* level_count = s.level_count
    cdef Py_ssize_t e, i
    cdef uint64_t state, z, value, top_level, old_level
    cdef uint64_t j, k, k0, slot, current, level
    cdef uint64_t element_stamp = 0
    cdef uint64_t m64 = <uint64_t>m
    cdef Py_ssize_t filled = 0
    for i in range(m):
        registers[i] = EMPTY_SLOT
        stamp[i] = 0
        level_count[i] = 0
    if count == 0:
        return
    # Level 0 for every element first: one-permutation hashing.  Offers at
    # level 0 beat any later offer, so when they fill every register the
    # rest of each element's permutation is never needed.
    for e in range(count):
        z = mix64(items[e] ^ seed_key)
        k = ((z >> 32) * m64) >> 32
        value = z & 0xFFFFFFFFULL
        current = registers[k]
        # About half the offers lower a register early on: a select, not a branch.
        registers[k] = value if value < current else current
    for i in range(m):
        filled += registers[i] != EMPTY_SLOT
    if filled == m:
        return
    # Level 1 for every element, again breadth-first.  Position 1 of an
    # element's permutation needs no bookkeeping: after the level-0 swap of
    # positions 0 and k0, position k1 (>= 1) holds 0 if k1 == k0, else k1.
    for e in range(count):
        z = mix64(items[e] ^ seed_key)
        k0 = ((z >> 32) * m64) >> 32
        z = mix64(z + GAMMA)
        k = 1 + (((z >> 32) * (m64 - 1)) >> 32)
        slot = 0 if k == k0 else k
        value = (<uint64_t>1 << 32) | (z & 0xFFFFFFFFULL)
        current = registers[slot]
        registers[slot] = value if value < current else current
    filled = 0
    for i in range(m):
        level = registers[i] >> 32
        if level <= 1:
            level_count[level] += 1
            filled += 1
    if filled == m:
        return
    # Rare (short texts): walk the rest of each permutation in Ertl's
    # sequential order, stopping at the highest level still holding a register.
    # Unfilled registers count as level m - 1, the largest a draw can reach.
    level_count[m - 1] += <uint32_t>(m - filled)
    top_level = m64 - 1
    while level_count[top_level] == 0:
        top_level -= 1
    for e in range(count):
        element_stamp += 1
        # Replay levels 0 and 1 into perm[] (positions 0 and 1 are never read again).
        z = mix64(items[e] ^ seed_key)
        state = z
        k0 = ((z >> 32) * m64) >> 32
        stamp[k0] = element_stamp
        perm[k0] = 0
        state += GAMMA
        z = mix64(state)
        k = 1 + (((z >> 32) * (m64 - 1)) >> 32)
        current = perm[1] if stamp[1] == element_stamp else 1
        stamp[k] = element_stamp
        perm[k] = <uint32_t>current
        j = 2
        while j <= top_level:
            state += GAMMA
            z = mix64(state)
            # Lemire's multiply-shift: a position in [j, m) from 32 random bits.
            k = j + (((z >> 32) * (m64 - j)) >> 32)
            # perm[] is this element's permutation, built lazily: a position
            # not stamped for this element still holds the identity.
            if stamp[j] != element_stamp:
                stamp[j] = element_stamp
                perm[j] = <uint32_t>j
            if stamp[k] != element_stamp:
                stamp[k] = element_stamp
                perm[k] = <uint32_t>k
            current = perm[j]
            perm[j] = perm[k]
            perm[k] = <uint32_t>current
            slot = perm[j]
            value = (j << 32) | (z & 0xFFFFFFFFULL)
            if value < registers[slot]:
                old_level = registers[slot] >> 32
                if old_level > m64 - 1:
                    old_level = m64 - 1
                registers[slot] = value
                if j < old_level:
                    level_count[old_level] -= 1
                    level_count[j] += 1
                    while level_count[top_level] == 0:
                        top_level -= 1
            j += 1


cdef void fingerprint_c(const uint64_t* token_hashes, Py_ssize_t count,
                        uint64_t* out) noexcept nogil:
    """Two 64-bit polynomial hashes of a token-hash sequence into out[0:2].

    Token hashes are already well mixed, so a multiply-add a token (two
    independent chains the CPU runs side by side) and one final mix suffice.
    """
    cdef uint64_t fa = FP_SEED_A, fb = FP_SEED_B, th
    cdef Py_ssize_t t
    for t in range(count):
        th = token_hashes[t]
        fa = fa * FP_MUL_A + th
        fb = fb * FP_MUL_B + (th ^ FP_SEED_A)
    out[0] = mix64(fa ^ <uint64_t>count)
    out[1] = mix64(fb + <uint64_t>count)


cdef inline uint64_t seed_key_of(uint64_t seed) noexcept nogil:
    return mix64(seed ^ SEED_SALT)


ctypedef struct TextBuffers:
    const void** data
    unsigned int* kinds
    Py_ssize_t* lengths
    Py_ssize_t count


cdef int text_buffers_init(TextBuffers* tb, tuple items) except -1:
    """Point ``tb`` at the buffers of every str in ``items`` (kept alive by the
    caller's reference to the tuple, so the loops can run without the GIL)."""
    cdef Py_ssize_t i, count = len(items)
    cdef str s
    tb.count = count
    tb.data = <const void**>malloc(<size_t>(count + 1) * sizeof(void*))
    tb.kinds = <unsigned int*>malloc(<size_t>(count + 1) * sizeof(unsigned int))
    tb.lengths = <Py_ssize_t*>malloc(<size_t>(count + 1) * sizeof(Py_ssize_t))
    if tb.data == NULL or tb.kinds == NULL or tb.lengths == NULL:
        raise MemoryError(f"textkit._core: could not allocate a batch of {count} texts")
    for i in range(count):
        obj = items[i]
        if not PyUnicode_Check(obj):
            raise TypeError(f"texts[{i}] must be str, got {type(obj).__name__}")
        s = <str>obj
        tb.data[i] = PyUnicode_DATA(s)
        tb.kinds[i] = PyUnicode_KIND(s)
        tb.lengths[i] = PyUnicode_GET_LENGTH(s)
    return 0


cdef void text_buffers_free(TextBuffers* tb) noexcept:
    free(tb.data)
    free(tb.kinds)
    free(tb.lengths)


cdef int kind_code(str shingle) except -1:
    if shingle == "word":
        return KIND_WORD
    if shingle == "char":
        return KIND_CHAR
    raise ValueError(f"shingle must be 'word' or 'char', got {shingle!r}")


cdef int check_common(int n, Py_ssize_t num_perm) except -1:
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if num_perm < 1 or num_perm > 1 << 24:
        raise ValueError(f"num_perm must be between 1 and 16777216, got {num_perm}")
    return 0


cdef str as_str(object text, str what):
    if not PyUnicode_Check(text):
        raise TypeError(f"{what} must be str, got {type(text).__name__}")
    return <str>text


# ---------------------------------------------------------------- Python entry points
def token_spans(text):
    """Start and end offsets of every token of ``text`` as an (n, 2) int64 array.

    >>> token_spans("Don’t stop").tolist()
    [[0, 3], [4, 5], [6, 10]]
    """
    cdef str s = as_str(text, "text")
    cdef const void* data = PyUnicode_DATA(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(s)
    cdef Py_ssize_t i, count = 0, start = -1
    out = np.empty((length // 2 + 1, 2), dtype=np.int64)
    cdef int64_t[:, ::1] spans = out
    with nogil:
        for i in range(length):
            if fold_char(read_char(data, kind, i)) != 0:
                if start < 0:
                    start = i
            elif start >= 0:
                spans[count, 0] = start
                spans[count, 1] = i
                count += 1
                start = -1
        if start >= 0:
            spans[count, 0] = start
            spans[count, 1] = length
            count += 1
    return out[:count].copy()


def token_hashes(text):
    """64-bit hash of every token of ``text``, in order, as a uint64 array.

    >>> len(token_hashes("Hello, world!"))
    2
    """
    cdef str s = as_str(text, "text")
    cdef const void* data = PyUnicode_DATA(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(s)
    cdef U64Buf buf = U64Buf(NULL, 0, 0)
    try:
        with nogil:
            token_hashes_c(data, kind, length, &buf)
        out = np.empty(buf.size, dtype=np.uint64)
        if buf.size:
            out[:] = <uint64_t[:buf.size]>buf.data
        return out
    finally:
        free(buf.data)


def shingle_hashes(text, str shingle="word", int n=5):
    """Hash of every shingle of ``text`` in order (repeats kept), as uint64.

    ``shingle`` is "word" (n consecutive tokens) or "char" (n characters of
    the folded tokens joined by single spaces).  A non-empty text shorter
    than ``n`` gives one shingle; a text without tokens gives none.

    >>> len(shingle_hashes("one two three", "word", 2))
    2
    """
    cdef str s = as_str(text, "text")
    cdef int code = kind_code(shingle)
    cdef const void* data = PyUnicode_DATA(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(s)
    cdef Scratch scratch
    check_common(n, 1)
    scratch_clear(&scratch)
    try:
        scratch_init(&scratch, 1)
        with nogil:
            shingle_hashes_c(data, kind, length, code, n, &scratch)
        out = np.empty(scratch.shingles.size, dtype=np.uint64)
        if scratch.shingles.size:
            out[:] = <uint64_t[:scratch.shingles.size]>scratch.shingles.data
        return out
    finally:
        scratch_free(&scratch)


def minhash_batch(texts, str shingle="word", int n=5, Py_ssize_t num_perm=128,
                  uint64_t seed=1, bint fingerprints=False):
    """SuperMinHash signatures of a sequence of str, one row each.

    Returns a (len(texts), num_perm) uint64 array, and with
    ``fingerprints=True`` also a (len(texts), 2) uint64 array: a 128-bit hash
    of each text's token sequence (equal for texts that differ only in case,
    punctuation and spacing).  A text without tokens gets a row of
    0xFFFFFFFFFFFFFFFF.  The loop runs without the GIL.

    >>> minhash_batch(["a b c d e f"], num_perm=4).shape
    (1, 4)
    """
    cdef int code = kind_code(shingle)
    check_common(n, num_perm)
    cdef tuple items = tuple(texts)
    cdef Py_ssize_t count = len(items)
    cdef Py_ssize_t i
    sigs = np.empty((count, num_perm), dtype=np.uint64)
    fps = np.empty((count, 2), dtype=np.uint64)
    if count == 0:
        return (sigs, fps) if fingerprints else sigs
    cdef uint64_t[:, ::1] sig_view = sigs
    cdef uint64_t[:, ::1] fp_view = fps
    cdef uint64_t key = seed_key_of(seed)
    cdef bint want_fp = fingerprints
    cdef TextBuffers tb = TextBuffers(NULL, NULL, NULL, 0)
    cdef Scratch scratch
    scratch_clear(&scratch)
    try:
        text_buffers_init(&tb, items)
        scratch_init(&scratch, num_perm)
        with nogil:
            for i in range(count):
                shingle_hashes_c(tb.data[i], tb.kinds[i], tb.lengths[i], code, n, &scratch)
                superminhash_c(scratch.shingles.data, scratch.shingles.size, num_perm,
                               key, &sig_view[i, 0], &scratch)
                if want_fp:
                    if code != KIND_WORD:
                        token_hashes_c(tb.data[i], tb.kinds[i], tb.lengths[i], &scratch.tokens)
                    fingerprint_c(scratch.tokens.data, scratch.tokens.size, &fp_view[i, 0])
    finally:
        scratch_free(&scratch)
        text_buffers_free(&tb)
    return (sigs, fps) if fingerprints else sigs


def fingerprint_batch(texts):
    """128-bit hash of each text's token sequence: a (len(texts), 2) uint64 array.

    Texts that differ only in case, punctuation and spacing get the same
    fingerprint.  Cheaper than ``minhash_batch`` (one pass, no MinHash).

    >>> f = fingerprint_batch(["Hello, World", "hello world!"])
    >>> bool((f[0] == f[1]).all())
    True
    """
    cdef tuple items = tuple(texts)
    cdef Py_ssize_t count = len(items)
    cdef Py_ssize_t i
    fps = np.empty((count, 2), dtype=np.uint64)
    if count == 0:
        return fps
    cdef uint64_t[:, ::1] fp_view = fps
    cdef TextBuffers tb = TextBuffers(NULL, NULL, NULL, 0)
    cdef U64Buf buf = U64Buf(NULL, 0, 0)
    try:
        text_buffers_init(&tb, items)
        with nogil:
            for i in range(count):
                token_hashes_c(tb.data[i], tb.kinds[i], tb.lengths[i], &buf)
                fingerprint_c(buf.data, buf.size, &fp_view[i, 0])
    finally:
        free(buf.data)
        text_buffers_free(&tb)
    return fps


def nfc_quick_check(texts):
    """For each text, True when it is certainly NFC (a bool array).

    False means "maybe not": check with ``unicodedata.is_normalized``.  Texts
    stored one byte a character (Latin-1) are answered without a scan.

    >>> nfc_quick_check(["caf\u00e9 “quoted”", "cafe\u0301"]).tolist()
    [True, False]
    """
    cdef tuple items = tuple(texts)
    cdef Py_ssize_t count = len(items)
    cdef Py_ssize_t i
    out = np.empty(count, dtype=np.bool_)
    if count == 0:
        return out
    cdef uint8_t[::1] flags = out.view(np.uint8)
    cdef TextBuffers tb = TextBuffers(NULL, NULL, NULL, 0)
    try:
        text_buffers_init(&tb, items)
        with nogil:
            for i in range(count):
                if tb.kinds[i] == 1:  # every Latin-1 code point is below U+0300
                    flags[i] = 1
                elif tb.kinds[i] == 2:
                    flags[i] = nfc_safe_typed(<const unsigned short*>tb.data[i], tb.lengths[i])
                else:
                    flags[i] = nfc_safe_typed(<const uint32_t*>tb.data[i], tb.lengths[i])
    finally:
        text_buffers_free(&tb)
    return out


def superminhash(const uint64_t[::1] items, Py_ssize_t num_perm=128, uint64_t seed=1):
    """SuperMinHash registers of a set given as uint64 element hashes.

    >>> superminhash(np.array([1, 2, 3], dtype=np.uint64), 4).shape
    (4,)
    """
    check_common(1, num_perm)
    out = np.empty(num_perm, dtype=np.uint64)
    cdef uint64_t[::1] view = out
    cdef Scratch scratch
    scratch_clear(&scratch)
    try:
        scratch_init(&scratch, num_perm)
        with nogil:
            superminhash_c(&items[0] if items.shape[0] else NULL, items.shape[0], num_perm,
                           seed_key_of(seed), &view[0], &scratch)
    finally:
        scratch_free(&scratch)
    return out


def lsh_band_keys(const uint64_t[:, ::1] signatures, int bands, int rows):
    """One 64-bit key a band for every signature row: an (n, bands) uint64 array.

    Two rows share a band key exactly when their ``rows`` slots in that band
    are all equal (up to a 2^-64 chance of a hash collision).

    >>> lsh_band_keys(np.zeros((2, 4), dtype=np.uint64), 2, 2).shape
    (2, 2)
    """
    cdef Py_ssize_t count = signatures.shape[0]
    cdef Py_ssize_t width = signatures.shape[1]
    if bands < 1 or rows < 1:
        raise ValueError(f"bands and rows must be at least 1, got bands={bands}, rows={rows}")
    if <Py_ssize_t>bands * rows > width:
        raise ValueError(f"bands * rows = {bands * rows} exceeds the signature width {width}")
    out = np.empty((count, bands), dtype=np.uint64)
    cdef uint64_t[:, ::1] keys = out
    cdef Py_ssize_t i
    cdef int b, r
    cdef uint64_t acc
    with nogil:
        for i in range(count):
            for b in range(bands):
                acc = mix64(BAND_SALT + <uint64_t>b)
                for r in range(rows):
                    acc = mix64(acc ^ signatures[i, b * rows + r])
                keys[i, b] = acc
    return out


def sorted_intersection_size(const uint64_t[::1] a, const uint64_t[::1] b):
    """Number of values common to two sorted arrays of unique uint64.

    >>> sorted_intersection_size(np.array([1, 3, 5], np.uint64), np.array([3, 5, 7], np.uint64))
    2
    """
    cdef Py_ssize_t i = 0, j = 0, common = 0
    cdef Py_ssize_t na = a.shape[0], nb = b.shape[0]
    with nogil:
        while i < na and j < nb:
            if a[i] < b[j]:
                i += 1
            elif a[i] > b[j]:
                j += 1
            else:
                common += 1
                i += 1
                j += 1
    return common


def count_equal_slots(const uint64_t[::1] a, const uint64_t[::1] b):
    """Number of positions where two equal-length signatures agree, ignoring
    slots that are empty in both.

    >>> count_equal_slots(np.array([1, 2], np.uint64), np.array([1, 3], np.uint64))
    1
    """
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"signatures differ in length: {a.shape[0]} and {b.shape[0]}")
    cdef Py_ssize_t i, equal = 0
    with nogil:
        for i in range(a.shape[0]):
            if a[i] == b[i] and a[i] != EMPTY_SLOT:
                equal += 1
    return equal

