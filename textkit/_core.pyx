"""Kernels for textkit: tokenising, shingle hashing, MinHash and LSH band keys;
character normalisation and a mojibake check (see their section at the end).

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
from libc.stdint cimport int8_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdlib cimport free, malloc, realloc

import numpy as np

cdef extern from "Python.h":
    # Reading a str's buffer: valid while we hold a reference to the str.
    unsigned int PyUnicode_KIND(object o)
    void* PyUnicode_DATA(object o)
    Py_ssize_t PyUnicode_GET_LENGTH(object o)
    # Pure table lookups in CPython's Unicode database: safe without the GIL.
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch) nogil
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch) nogil
    bint Py_UNICODE_ISDECIMAL(Py_UCS4 ch) nogil
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
    # The table lookup inlines into every per-character loop; the rest is a call.
    if c < 256:
        return LATIN1_FOLD[c]
    return fold_wide_char(c)


cdef uint32_t fold_wide_char(Py_UCS4 c) noexcept nogil:
    cdef Py_UCS4 low
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


cdef inline Py_ssize_t sorted_common(const item_t* a, Py_ssize_t na, const item_t* b,
                                     Py_ssize_t nb) noexcept nogil:
    """Number of values common to two sorted arrays of unique values."""
    cdef Py_ssize_t i = 0, j = 0, common = 0
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
    cdef Py_ssize_t common = 0
    if a.shape[0] and b.shape[0]:
        with nogil:
            common = sorted_common(&a[0], a.shape[0], &b[0], b.shape[0])
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


# ---------------------------------------------------------------- streaming dedup
# dedup_sketch_batch gives everything the streaming dedup engine keeps of a
# document (band keys, fingerprint) and what it needs later to verify a
# candidate pair (a "payload"), so the text itself can be dropped at once.
# The payload of a document is either its shingle set as sorted unique 32-bit
# values (the top half of each 64-bit shingle hash: two distinct shingles of
# a pair of 600-shingle documents share one with probability about 1e-4, and
# that moves their Jaccard index by about 1/600) or its signature with each
# slot cut to 32 bits.

cdef void sort_u32(uint32_t* a, uint32_t* tmp, Py_ssize_t n) noexcept nogil:
    """Sort ``a`` in place (LSD radix, 4 passes of 8 bits; ``tmp`` holds n)."""
    cdef Py_ssize_t counts[256]
    cdef Py_ssize_t i, j, total, c
    cdef int shift
    cdef uint32_t v
    cdef uint32_t* src = a
    cdef uint32_t* dst = tmp
    cdef uint32_t* swap
    if n < 48:
        for i in range(1, n):
            v = a[i]
            j = i - 1
            while j >= 0 and a[j] > v:
                a[j + 1] = a[j]
                j -= 1
            a[j + 1] = v
        return
    for shift in range(0, 32, 8):
        for c in range(256):
            counts[c] = 0
        for i in range(n):
            counts[(src[i] >> shift) & 0xFF] += 1
        total = 0
        for c in range(256):
            i = counts[c]
            counts[c] = total
            total += i
        for i in range(n):
            v = src[i]
            dst[counts[(v >> shift) & 0xFF]] = v
            counts[(v >> shift) & 0xFF] += 1
        swap = src
        src = dst
        dst = swap
    # Four passes: the sorted values are back in ``a``.


cdef Py_ssize_t unique_sorted_u32(uint32_t* a, Py_ssize_t n) noexcept nogil:
    """Drop repeats from sorted ``a``; returns the new length."""
    cdef Py_ssize_t i, kept = 0
    for i in range(n):
        if kept == 0 or a[i] != a[kept - 1]:
            a[kept] = a[i]
            kept += 1
    return kept


def dedup_sketch_batch(texts, str shingle="word", int n=5, Py_ssize_t num_perm=128,
                       uint64_t seed=1, int bands=9, int rows=13, str payload="set"):
    """What the streaming dedup keeps of each text: band keys, fingerprint, payload.

    Returns ``(band_keys, fingerprints, values, counts)``: an (N, bands)
    uint64 array equal to ``lsh_band_keys(minhash_batch(...), bands, rows)``,
    the (N, 2) fingerprints of ``minhash_batch(..., fingerprints=True)``, and
    the payloads of all texts end to end as one uint32 array, ``counts[i]``
    values for text i.  ``payload="set"``: the sorted unique top 32 bits of
    the text's shingle hashes; ``payload="signature"``: the low 32 bits of
    each signature slot (an empty slot stays 0xFFFFFFFF).  Texts must be NFC.
    The loop runs without the GIL.

    >>> keys, fps, values, counts = dedup_sketch_batch(["a b c d e f", "x"], n=2, num_perm=8,
    ...                                                bands=2, rows=4)
    >>> keys.shape, fps.shape, counts.tolist()
    ((2, 2), (2, 2), [5, 1])
    """
    cdef int code = kind_code(shingle)
    check_common(n, num_perm)
    if bands < 1 or rows < 1 or <Py_ssize_t>bands * rows > num_perm:
        raise ValueError(f"bands and rows must be at least 1 with bands * rows <= num_perm "
                         f"({num_perm}), got bands={bands}, rows={rows}")
    if payload not in ("set", "signature"):
        raise ValueError(f"payload must be 'set' or 'signature', got {payload!r}")
    cdef bint want_set = payload == "set"
    cdef tuple items = tuple(texts)
    cdef Py_ssize_t count = len(items)
    cdef Py_ssize_t i, k, size
    cdef int b, r
    cdef uint64_t acc
    keys_out = np.empty((count, bands), dtype=np.uint64)
    fps = np.empty((count, 2), dtype=np.uint64)
    counts_out = np.empty(count, dtype=np.int64)
    if count == 0:
        return keys_out, fps, np.empty(0, dtype=np.uint32), counts_out
    cdef uint64_t[:, ::1] keys = keys_out
    cdef uint64_t[:, ::1] fp_view = fps
    cdef int64_t[::1] count_view = counts_out
    cdef uint64_t key = seed_key_of(seed)
    cdef TextBuffers tb = TextBuffers(NULL, NULL, NULL, 0)
    cdef Scratch scratch
    cdef uint64_t* sig = NULL
    cdef U32Buf values = U32Buf(NULL, 0, 0)
    cdef U32Buf tmp = U32Buf(NULL, 0, 0)
    cdef uint32_t* dst
    scratch_clear(&scratch)
    try:
        text_buffers_init(&tb, items)
        scratch_init(&scratch, num_perm)
        sig = <uint64_t*>malloc(<size_t>num_perm * sizeof(uint64_t))
        if sig == NULL:
            raise MemoryError("textkit._core: could not allocate a signature")
        with nogil:
            for i in range(count):
                shingle_hashes_c(tb.data[i], tb.kinds[i], tb.lengths[i], code, n, &scratch)
                superminhash_c(scratch.shingles.data, scratch.shingles.size, num_perm, key, sig,
                               &scratch)
                for b in range(bands):
                    acc = mix64(BAND_SALT + <uint64_t>b)
                    for r in range(rows):
                        acc = mix64(acc ^ sig[b * rows + r])
                    keys[i, b] = acc
                if code != KIND_WORD:
                    token_hashes_c(tb.data[i], tb.kinds[i], tb.lengths[i], &scratch.tokens)
                fingerprint_c(scratch.tokens.data, scratch.tokens.size, &fp_view[i, 0])
                if want_set:
                    size = scratch.shingles.size
                    u32_reserve(&values, values.size + size)
                    u32_reserve(&tmp, size)
                    dst = values.data + values.size
                    for k in range(size):
                        dst[k] = <uint32_t>(scratch.shingles.data[k] >> 32)
                    sort_u32(dst, tmp.data, size)
                    size = unique_sorted_u32(dst, size)
                else:
                    size = num_perm
                    u32_reserve(&values, values.size + size)
                    dst = values.data + values.size
                    for k in range(size):
                        dst[k] = <uint32_t>sig[k]
                values.size += size
                count_view[i] = size
        out = np.empty(values.size, dtype=np.uint32)
        if values.size:
            out[:] = <uint32_t[:values.size]>values.data
        return keys_out, fps, out, counts_out
    finally:
        free(sig)
        free(values.data)
        free(tmp.data)
        scratch_free(&scratch)
        text_buffers_free(&tb)


def payload_overlaps(const uint32_t[::1] values, const int64_t[::1] offsets,
                     const int64_t[::1] first, const int64_t[::1] second, str payload="set"):
    """Overlap of the payloads of pairs of documents: an int64 array.

    Document d's payload is ``values[offsets[d]:offsets[d + 1]]`` (as made
    by ``dedup_sketch_batch``); pair i is ``(first[i], second[i])``.  For
    ``payload="set"`` the overlap is the size of the intersection of the two
    sorted sets; for ``"signature"``, the number of equal slots that are not
    empty (0xFFFFFFFF) in both.

    >>> values = np.array([1, 2, 3, 2, 3, 4], np.uint32)
    >>> payload_overlaps(values, np.array([0, 3, 6]), np.array([0]), np.array([1])).tolist()
    [2]
    """
    if payload not in ("set", "signature"):
        raise ValueError(f"payload must be 'set' or 'signature', got {payload!r}")
    cdef Py_ssize_t pairs = first.shape[0]
    cdef Py_ssize_t docs = offsets.shape[0] - 1
    if second.shape[0] != pairs:
        raise ValueError(f"first and second differ in length: {pairs} and {second.shape[0]}")
    if docs < 0:
        raise ValueError("offsets must hold at least one value")
    cdef Py_ssize_t p, i, j, ea, eb, common
    cdef int64_t a, b
    cdef bint sets = payload == "set"
    for p in range(pairs):
        if not (0 <= first[p] < docs and 0 <= second[p] < docs):
            raise IndexError(f"pair {p} ({first[p]}, {second[p]}) names a document outside "
                             f"0..{docs - 1}")
    for p in range(docs):
        if not (0 <= offsets[p] <= offsets[p + 1] <= values.shape[0]):
            raise ValueError(f"offsets must rise from 0 to at most {values.shape[0]}; "
                             f"document {p} has {offsets[p]}..{offsets[p + 1]}")
    out = np.empty(pairs, dtype=np.int64)
    cdef int64_t[::1] result = out
    with nogil:
        for p in range(pairs):
            a = first[p]
            b = second[p]
            i = offsets[a]
            ea = offsets[a + 1]
            j = offsets[b]
            eb = offsets[b + 1]
            common = 0
            if sets:
                if i < ea and j < eb:
                    common = sorted_common(&values[i], ea - i, &values[j], eb - j)
            else:
                while i < ea and j < eb:
                    if values[i] == values[j] and values[i] != 0xFFFFFFFFU:
                        common += 1
                    i += 1
                    j += 1
            result[p] = common
    return out


def component_labels(Py_ssize_t count, const int64_t[::1] first, const int64_t[::1] second):
    """Connected components of the graph on 0..count-1 with edges (first[i], second[i]).

    Returns an int64 array: each node's label is the smallest node of its
    component, so the labels do not depend on the order of the edges.

    >>> component_labels(5, np.array([3, 1]), np.array([1, 2])).tolist()
    [0, 1, 1, 1, 4]
    """
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    cdef Py_ssize_t edges = first.shape[0]
    if second.shape[0] != edges:
        raise ValueError(f"first and second differ in length: {edges} and {second.shape[0]}")
    cdef Py_ssize_t e, x
    for e in range(edges):
        if not (0 <= first[e] < count and 0 <= second[e] < count):
            raise IndexError(f"edge {e} ({first[e]}, {second[e]}) names a node outside 0..{count - 1}")
    out = np.arange(count, dtype=np.int64)
    cdef int64_t[::1] parent = out
    cdef int64_t ra, rb
    with nogil:
        for e in range(edges):
            ra = first[e]
            while parent[ra] != ra:
                parent[ra] = parent[parent[ra]]
                ra = parent[ra]
            rb = second[e]
            while parent[rb] != rb:
                parent[rb] = parent[parent[rb]]
                rb = parent[rb]
            # The smaller root wins, so every root is its component's minimum.
            if ra < rb:
                parent[rb] = ra
            elif rb < ra:
                parent[ra] = rb
        # Roots are minima, and a parent is always smaller than its child,
        # so one pass in index order leaves every label final.
        for x in range(count):
            parent[x] = parent[parent[x]]
    return out


# ---------------------------------------------------------------- character normalisation
# normalize_chars: one pass over a str's buffer that rewrites whitespace,
# line breaks and invisible characters (rules in its docstring), writing into
# a buffer of the input's own width: every replacement is ASCII, so the output
# never needs a wider kind than the input.  mojibake_suspects: a cheap scan
# for UTF-8 that was decoded as cp1252 or Latin-1.
#
# ZWJ (U+200D) and ZWNJ (U+200C) are kept on purpose: they are not noise but
# part of the text.  ZWJ joins emoji sequences (family, profession and flag
# emoji fall apart into several pictures without it); ZWNJ is required
# spelling in Persian (می‌خواهم), Kurdish and several Indic scripts, where it
# stops two letters from joining or forming a conjunct.  Dropping either
# changes what the text says; the other format characters listed below only
# steer rendering (bidi marks, invisible breaks, BOM, soft hyphen).

from libc.string cimport memcpy, memset

cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)
    bint PyUnicode_IS_ASCII(object o)

cdef enum:
    NC_KEEP = 0       # copied as it is
    NC_SPACE = 1      # becomes one " " (runs collapse, dropped at line ends)
    NC_BREAK = 2      # line break: "\n"
    NC_CR = 3         # "\r": with a following "\n" one break, alone a break
    NC_PARA = 4       # paragraph separator: a blank line
    NC_DROP = 5       # removed
    NC_DQUOTE = 6     # '"' with fold_quotes
    NC_SQUOTE = 7     # "'" with fold_quotes
    NC_DASH = 8       # "-" with fold_dashes
    NC_ELLIPSIS = 9   # "..." with fold_ellipsis

# The character classes; every code point not listed is NC_KEEP.
# tests/test_normalize.py checks NORMALIZE_SPACES against unicodedata's Zs.
NORMALIZE_SPACES = (0x09, 0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)
NORMALIZE_BREAKS = (0x0A, 0x0B, 0x0C, 0x85, 0x2028)
NORMALIZE_DROPPED = (
    *[c for c in range(0x20) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D)],  # C0 controls
    0x7F, *[c for c in range(0x80, 0xA0) if c != 0x85],                    # DEL, C1 controls
    0xAD,                                  # soft hyphen
    0x061C,                                # Arabic letter mark (a bidi mark like LRM/RLM)
    0x180E,                                # Mongolian vowel separator
    0x200B,                                # zero width space
    0x200E, 0x200F,                        # LRM, RLM
    *range(0x202A, 0x202F),                # bidi embeddings and overrides
    0x2060,                                # word joiner
    *range(0x2066, 0x206A),                # bidi isolates
    0xFEFF,                                # BOM / zero width no-break space
)
NORMALIZE_DOUBLE_QUOTES = (0x201C, 0x201D, 0x201E, 0x201F, 0xAB, 0xBB, 0x2033,
                           0x301D, 0x301E, 0x301F, 0xFF02)
NORMALIZE_SINGLE_QUOTES = (0x2018, 0x2019, 0x201A, 0x201B, 0x2039, 0x203A, 0x2032)
NORMALIZE_DASHES = (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212)

cdef uint8_t LATIN1_CLASS[256]    # class of U+0000-U+00FF
cdef uint8_t PUNCT_CLASS[0x70]    # class of U+2000-U+206F (General Punctuation)


cdef inline uint8_t char_class(uint32_t c) noexcept nogil:
    """Normalisation class (NC_*) of ``c``: two table lookups, then a switch."""
    if c < 256:
        return LATIN1_CLASS[c]
    if c < 0x061C:  # Latin Extended to Arabic: nothing to do (most non-Latin text)
        return NC_KEEP
    # Unsigned wrap-around: one compare tests 0x2000 <= c < 0x2070.
    if c - 0x2000 < 0x70:
        return PUNCT_CLASS[c - 0x2000]
    if c == 0x061C or c == 0x180E or c == 0xFEFF:
        return NC_DROP
    if c == 0x1680 or c == 0x3000:
        return NC_SPACE
    if c == 0x2212:
        return NC_DASH
    if c == 0x301D or c == 0x301E or c == 0x301F or c == 0xFF02:
        return NC_DQUOTE
    return NC_KEEP


cdef void _init_class_tables() except *:
    cdef uint32_t c
    cdef uint8_t k
    for c in range(256):
        LATIN1_CLASS[c] = NC_KEEP
    for c in range(0x70):
        PUNCT_CLASS[c] = NC_KEEP
    classes = ((NC_SPACE, NORMALIZE_SPACES), (NC_BREAK, NORMALIZE_BREAKS),
               (NC_DROP, NORMALIZE_DROPPED), (NC_DQUOTE, NORMALIZE_DOUBLE_QUOTES),
               (NC_SQUOTE, NORMALIZE_SINGLE_QUOTES), (NC_DASH, NORMALIZE_DASHES),
               (NC_CR, (0x0D,)), (NC_PARA, (0x2029,)), (NC_ELLIPSIS, (0x2026,)))
    for k, points in classes:
        for c in points:
            if c < 256:
                LATIN1_CLASS[c] = k
            elif 0x2000 <= c < 0x2070:
                PUNCT_CLASS[c - 0x2000] = k
    # Code points outside both tables are handled by char_class's switch.
    for k, points in classes:
        for c in points:
            assert char_class(c) == k, f"char_class(U+{c:04X}) disagrees with the class lists"

_init_class_tables()


ctypedef struct NormOut:
    void* chars          # output code points, in the input's width (malloc)
    int64_t* offsets     # input index of each output character, or NULL
    bint offsets_owned   # offsets is our malloc copy, not the caller's array
    Py_ssize_t size
    Py_ssize_t cap


cdef int norm_reserve(NormOut* out, Py_ssize_t need, size_t width) except -1 nogil:
    """Make room for ``need`` characters (and offsets, when kept).

    The offsets start in the caller's NumPy array (no copy when the text does
    not grow, the usual case); the first growth moves them to a malloc buffer.
    """
    cdef Py_ssize_t cap, new_cap
    cdef int64_t* moved = NULL
    if need <= out.cap:
        return 0
    # Both buffers always have the same capacity: compute it once.
    new_cap = 2 * out.cap if 2 * out.cap > need else need
    if out.offsets != NULL:
        cap = out.cap
        if out.offsets_owned:
            grow_buffer(<void**>&out.offsets, &cap, new_cap, sizeof(int64_t))
        else:
            cap = 0
            grow_buffer(<void**>&moved, &cap, new_cap, sizeof(int64_t))
            memcpy(moved, out.offsets, <size_t>out.size * sizeof(int64_t))
            out.offsets = moved
            out.offsets_owned = True
    cap = out.cap
    grow_buffer(&out.chars, &cap, new_cap, width)
    out.cap = new_cap
    return 0


cdef inline void put(char_t* dst, int64_t* offs, Py_ssize_t* size, uint32_t c,
                     Py_ssize_t src) noexcept nogil:
    dst[size[0]] = <char_t>c
    if offs != NULL:
        offs[size[0]] = src
    size[0] += 1


cdef int normalize_chars_typed(const char_t* s, Py_ssize_t n, NormOut* out,
                               bint fold_quotes, bint fold_dashes,
                               bint fold_ellipsis) except -1 nogil:
    """The normalize_chars loop for one storage width; ``out`` starts allocated.

    State between characters kept: ``breaks`` (line breaks seen since, 0, 1
    or 2 for "a blank line") or else ``space`` (a space seen since); each
    remembers the input index of the character that will stand for it.
    """
    cdef char_t* dst = <char_t*>out.chars
    cdef int64_t* offs = out.offsets
    cdef Py_ssize_t size = 0, i = 0, cap = out.cap, limit
    cdef Py_ssize_t space_src = 0, break_src0 = 0, break_src1 = 0
    cdef int breaks = 0
    cdef bint space = False
    cdef uint32_t c, folded
    cdef uint8_t k
    while i < n:
        if breaks == 0 and not space:
            # Fast path: copy the run of plain characters starting here (most
            # of a text) while the buffer has room; the general step below
            # handles the character that ends it.
            limit = i + (cap - size)
            if limit > n:
                limit = n
            if offs == NULL:
                while i < limit:
                    c = s[i]
                    if (LATIN1_CLASS[c] if c < 256 else char_class(c)) != NC_KEEP:
                        break
                    dst[size] = <char_t>c
                    size += 1
                    i += 1
            else:
                while i < limit:
                    c = s[i]
                    if (LATIN1_CLASS[c] if c < 256 else char_class(c)) != NC_KEEP:
                        break
                    dst[size] = <char_t>c
                    offs[size] = i
                    size += 1
                    i += 1
            if i >= n:
                break
        c = s[i]
        k = LATIN1_CLASS[c] if c < 256 else char_class(c)
        if k == NC_SPACE:
            # Leading spaces of the text or of a line are never pending.
            if not space and breaks == 0 and size > 0:
                space = True
                space_src = i
        elif k == NC_BREAK or k == NC_CR or k == NC_PARA:
            space = False  # trailing spaces of a line are dropped
            if size > 0:   # leading breaks of the text are dropped
                if breaks == 0:
                    break_src0 = i
                    breaks = 1
                    if k == NC_PARA:  # a blank line on its own
                        break_src1 = i
                        breaks = 2
                elif breaks == 1:
                    break_src1 = i
                    breaks = 2
            if k == NC_CR and i + 1 < n and s[i + 1] == 10:
                i += 1  # "\r\n" is one break, mapped to the "\r"
        elif k != NC_DROP:
            # A character: flush the pending separator, then write it.  At
            # most 5 code points (a blank line and "...") go out per step.
            if size + 5 > cap:
                out.size = size
                norm_reserve(out, size + 5 + (n - i) // 4, sizeof(char_t))
                dst = <char_t*>out.chars
                offs = out.offsets
                cap = out.cap
            if breaks:
                put(dst, offs, &size, 10, break_src0)
                if breaks == 2:
                    put(dst, offs, &size, 10, break_src1)
                breaks = 0
            elif space:
                put(dst, offs, &size, 32, space_src)
                space = False
            folded = c
            if k == NC_DQUOTE:
                folded = 34 if fold_quotes else c
            elif k == NC_SQUOTE:
                folded = 39 if fold_quotes else c
            elif k == NC_DASH:
                folded = 45 if fold_dashes else c
            elif k == NC_ELLIPSIS and fold_ellipsis:
                put(dst, offs, &size, 46, i)
                put(dst, offs, &size, 46, i)
                folded = 46
            put(dst, offs, &size, folded, i)
        i += 1
    out.size = size
    return 0


def normalize_chars(text, bint fold_quotes=False, bint fold_dashes=False,
                    bint fold_ellipsis=False, bint offsets=False):
    """Whitespace, line breaks and invisible characters of ``text`` normalised.

    One linear pass without the GIL; the rules:

    * Line breaks ("\\r\\n", "\\r", "\\n", U+0085, U+2028, "\\v", "\\f") become
      "\\n"; U+2029 (paragraph separator) becomes a blank line.
    * Every space character (tab and the Unicode Zs spaces: U+00A0, U+1680,
      U+2000-U+200A, U+202F, U+205F, U+3000) becomes " ".
    * Removed: C0 controls other than tab and breaks, DEL, C1 controls other
      than U+0085, soft hyphen, and the invisible format characters U+061C,
      U+180E, U+200B, U+200E, U+200F, U+202A-U+202E, U+2060, U+2066-U+2069,
      U+FEFF.  ZWNJ U+200C and ZWJ U+200D are kept: Persian and Indic
      spelling and emoji sequences need them.
    * Runs of spaces become one; spaces at the start and end of a line go; a
      line of spaces is blank; two or more line breaks in a row (blank lines)
      become exactly one blank line ("\\n\\n"); the text has no leading or
      trailing space or break.
    * With ``fold_quotes``, “ ” „ ‟ « » ″ 〝 〞 〟 ＂ become '"' and ‘ ’ ‚ ‛ ‹ › ′
      become "'"; with ``fold_dashes``, ‐ ‑ ‒ – — ― − become "-"; with
      ``fold_ellipsis``, … becomes "...".  Otherwise they are kept.
    * Nothing else changes: no case folding, accent stripping or unescaping.

    With ``offsets=True`` returns ``(out, offsets)``, ``offsets`` an int64 array of
    ``len(out) + 1`` entries, ``offsets[i]`` the index in ``text`` of the
    character that produced ``out[i]`` (a collapsed run of spaces or breaks
    maps to its first character, "\\r\\n" to its "\\r", all three dots of a
    folded ellipsis to the "…"), and ``offsets[len(out)] == len(text)``.

    >>> normalize_chars("  Hello,\\u00a0\\u00a0world\\u200b!\\r\\n\\r\\n\\r\\nBye \\t")
    'Hello, world!\\n\\nBye'
    >>> out, offs = normalize_chars("a\\u2026  b", fold_ellipsis=True, offsets=True)
    >>> out, offs.tolist()
    ('a... b', [0, 1, 1, 1, 2, 4, 5])
    """
    cdef str s = as_str(text, "text")
    cdef const void* data = PyUnicode_DATA(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(s)
    cdef NormOut out = NormOut(NULL, NULL, False, 0, 0)
    cdef Py_ssize_t cap = 0
    # A text usually shrinks: room for its length (+ slack), grown if needed.
    cdef Py_ssize_t start_cap = length + 16
    cdef int64_t[::1] offs_view
    if offsets:
        offs = np.empty(start_cap + 1, dtype=np.int64)
        offs_view = offs
        out.offsets = &offs_view[0]
    try:
        with nogil:
            grow_buffer(&out.chars, &cap, start_cap, kind)
            out.cap = start_cap  # what the offsets array holds (chars may hold more)
            if kind == 1:
                normalize_chars_typed(<const unsigned char*>data, length, &out,
                                      fold_quotes, fold_dashes, fold_ellipsis)
            elif kind == 2:
                normalize_chars_typed(<const unsigned short*>data, length, &out,
                                      fold_quotes, fold_dashes, fold_ellipsis)
            else:
                normalize_chars_typed(<const uint32_t*>data, length, &out,
                                      fold_quotes, fold_dashes, fold_ellipsis)
        result = PyUnicode_FromKindAndData(kind, out.chars, out.size)
        if not offsets:
            return result
        if out.offsets_owned:
            offs = np.empty(out.size + 1, dtype=np.int64)
            offs[:out.size] = <int64_t[:out.size]>out.offsets
        else:
            offs_view = None
            offs.resize(out.size + 1, refcheck=False)  # shrinks in place
        offs[out.size] = length
        return result, offs
    finally:
        free(out.chars)
        if out.offsets_owned:
            free(out.offsets)


# cp1252 renderings of the bytes 0x80-0x9F (the five bytes cp1252 leaves
# undefined decode to U+0081, U+008D, U+008F, U+0090, U+009D, as in Latin-1).
CP1252_HIGH = tuple(ord(bytes([b]).decode("cp1252", errors="ignore") or chr(b))
                    for b in range(0x80, 0xA0))
cdef uint32_t CP1252_CHAR[32]


cdef void _init_cp1252_table() except *:
    cdef int b
    for b in range(32):
        CP1252_CHAR[b] = CP1252_HIGH[b]

_init_cp1252_table()


cdef inline uint32_t continuation_byte(uint32_t c) noexcept nogil:
    """The UTF-8 continuation byte (0x80-0xBF) that cp1252 or Latin-1 shows as
    ``c``, or 0 when ``c`` is not such a rendering."""
    cdef int b
    if c < 0x80:
        return 0
    if c <= 0xBF:  # Latin-1 (and cp1252 from 0xA0) is the identity
        return c
    if c < 0x152:  # below Œ no cp1252 rendering of 0x80-0x9F
        return 0
    for b in range(32):
        if CP1252_CHAR[b] == c:
            return 0x80 + b
    return 0


cdef inline bint mojibake_at(const char_t* s, Py_ssize_t n, Py_ssize_t i) noexcept nogil:
    """Whether ``s[i]`` (in U+00C2-U+00F4) starts a UTF-8 sequence shown as cp1252.

    The lead byte says how many continuation bytes follow (1 for C2-DF, 2 for
    E0-EF, 3 for F0-F4); all of them must be there, and the first must be in
    the range that makes the sequence well formed (Unicode Table 3-7: no
    overlong forms, surrogates or code points past U+10FFFF).  Requiring the
    whole sequence keeps "José’s", "Canción”" (é/ó then a curly quote) and
    "allé\\u00a0!" clean; a 3- or 4-byte lead followed by U+00A0 is never
    counted, which keeps French "fermé\\u00a0»" clean.  Two exceptions catch lossy mojibake: U+FFFD in place
    of a later continuation byte, and "â€" (E2 80, the prefix of every
    General Punctuation character), whose third byte is often one cp1252
    does not define and was dropped.
    """
    cdef uint32_t lead = s[i], b1, need
    cdef Py_ssize_t j
    if i + 1 >= n:
        return False
    b1 = continuation_byte(s[i + 1])
    if b1 == 0:
        return False
    if lead <= 0xDF:
        return True
    if ((lead == 0xE0 and b1 < 0xA0) or (lead == 0xED and b1 > 0x9F)
            or (lead == 0xF0 and b1 < 0x90) or (lead == 0xF4 and b1 > 0x8F)):
        return False
    if s[i + 1] == 0xA0:
        # "é\u00a0»", "à\u00a0!": French typography puts a no-break space
        # before » ! ? ; : after words that often end in à-ï.  Longer
        # sequences with a second byte A0 are rare enough to let go.
        return False
    if lead == 0xE2 and b1 == 0x80:
        return True
    need = 2 if lead <= 0xEF else 3
    for j in range(i + 2, i + 1 + need):
        if j >= n:
            return False
        if s[j] == 0xFFFD:
            return True
        if continuation_byte(s[j]) == 0:
            return False
    return True


cdef bint mojibake_typed(const char_t* s, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(n - 1):
        # Unsigned wrap-around: one compare tests 0xC2 <= s[i] <= 0xF4.
        if <uint32_t>(s[i] - 0xC2) <= 0xF4 - 0xC2 and mojibake_at(s, n, i):
            return True
    return False


def mojibake_suspects(texts):
    """For each text, True when it likely holds mojibake (a bool array).

    Mojibake here is UTF-8 decoded as cp1252 or Latin-1: a character from
    U+00C2-U+00F4 (a lead byte: Â Ã â ...) followed by the cp1252/Latin-1
    renderings of the continuation bytes a UTF-8 sequence starting with that
    byte needs (U+0080-U+00BF, or € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š
    › œ ž Ÿ), making a well-formed sequence ("Ã©", "â€™", "ðŸ˜€"); also "â€"
    alone and sequences cut short by U+FFFD.  "NÃO", "São Paulo", "à »",
    "José’s" and French "fermé\\u00a0»" are clean.  A pre-filter, not a
    verdict: a flagged text may still be fine (German "Fuß“" reads as the
    valid sequence DF 93).  ASCII texts are answered without a scan.

    >>> mojibake_suspects(["don\\u00e2\\u20ac\\u2122t", "caf\\u00c3\\u00a9", "NÃO", "São Paulo"]).tolist()
    [True, True, False, False]
    """
    cdef tuple items = tuple(texts)
    cdef Py_ssize_t count = len(items)
    cdef Py_ssize_t i
    out = np.zeros(count, dtype=np.bool_)
    if count == 0:
        return out
    cdef uint8_t[::1] flags = out.view(np.uint8)
    cdef TextBuffers tb = TextBuffers(NULL, NULL, NULL, 0)
    try:
        text_buffers_init(&tb, items)
        for i in range(count):
            if PyUnicode_IS_ASCII(items[i]):
                tb.lengths[i] = 0  # nothing to scan
        with nogil:
            for i in range(count):
                if tb.kinds[i] == 1:
                    flags[i] = mojibake_typed(<const unsigned char*>tb.data[i], tb.lengths[i])
                elif tb.kinds[i] == 2:
                    flags[i] = mojibake_typed(<const unsigned short*>tb.data[i], tb.lengths[i])
                else:
                    flags[i] = mojibake_typed(<const uint32_t*>tb.data[i], tb.lengths[i])
    finally:
        text_buffers_free(&tb)
    return out


# ---------------------------------------------------------------- line features (boilerplate)
# Bit flags of ``line_features``.
LINE_SENTENCE = 1   # ends like a sentence: . ! ? … then any closing quotes or brackets
LINE_COLON = 2      # ends with ":"
LINE_LIST = 4       # starts with a list marker ("- ", "• ", "1. ", "a) ")
LINE_DIGIT = 8      # holds an ASCII digit
LINE_LEAD = 16      # starts with a digit, "©" or "("
LINE_GATE = 32      # first token is a gate word and the line has at most its word limit
LINE_AFTER_BLANK = 64  # a blank line separates it from the previous non-blank line
LINE_PAREN_END = 128   # ends with ")"
LINE_DATEISH = 256     # digits around ":", "/", "." or "-", or four digits in a row (a time, a date, a year)
LINE_KEY = 512         # a word starts with one of the gate_keys (ASCII letters compared without case)
LINE_SLASH = 1024      # holds "/"
LINE_UPPER = 2048      # has two or more letters, all of them ASCII capitals ("RT", "AFP", "UPDATE")

cdef enum:
    F_SENTENCE = 1
    F_COLON = 2
    F_LIST = 4
    F_DIGIT = 8
    F_LEAD = 16
    F_GATE = 32
    F_AFTER_BLANK = 64
    F_PAREN_END = 128
    F_DATEISH = 256
    F_KEY = 512
    F_SLASH = 1024
    F_UPPER = 2048
    MAX_KEYS = 32
    MAX_KEY_LEN = 32


cdef inline bint is_line_space(Py_UCS4 c) noexcept nogil:
    return c == 0x20 or c == 0x09 or c == 0x0D or c == 0xA0 or c == 0x3000


cdef inline bint is_closer(Py_UCS4 c) noexcept nogil:
    # " ' ” ’ » ) ]
    return c == 0x22 or c == 0x27 or c == 0x201D or c == 0x2019 or c == 0xBB or c == 0x29 or c == 0x5D


cdef inline bint is_sentence_end(Py_UCS4 c) noexcept nogil:
    return c == 0x2E or c == 0x21 or c == 0x3F or c == 0x2026


cdef inline bint is_bullet(Py_UCS4 c) noexcept nogil:
    # - • · ▪ ● ◦ ‣ ∙ * – —
    return (c == 0x2D or c == 0x2022 or c == 0xB7 or c == 0x25AA or c == 0x25CF or c == 0x25E6
            or c == 0x2023 or c == 0x2219 or c == 0x2A or c == 0x2013 or c == 0x2014)


cdef inline bint is_ascii_digit(Py_UCS4 c) noexcept nogil:
    return 0x30 <= c <= 0x39


cdef uint16_t line_flags(const void* data, unsigned int kind, Py_ssize_t start,
                        Py_ssize_t end) noexcept nogil:
    """Flags read off the ends of the stripped line data[start:end] (non-empty)."""
    cdef uint16_t flags = 0
    cdef Py_ssize_t i, last = end - 1
    cdef Py_UCS4 c, first = read_char(data, kind, start)
    c = read_char(data, kind, last)
    if is_sentence_end(c):
        flags |= F_SENTENCE
    elif is_closer(c):
        while last > start and is_closer(read_char(data, kind, last)):
            last -= 1
        if is_sentence_end(read_char(data, kind, last)):
            flags |= F_SENTENCE
    elif c == 0x3A:
        flags |= F_COLON
    if c == 0x29:
        flags |= F_PAREN_END
    if is_ascii_digit(first) or first == 0xA9 or first == 0x28:
        flags |= F_LEAD
    # List markers: a bullet then a space; one or two digits or a lowercase
    # ASCII letter, then "." or ")", then a space.
    if end - start >= 2 and is_bullet(first) and is_line_space(read_char(data, kind, start + 1)):
        flags |= F_LIST
    elif end - start >= 3:
        i = start
        if 0x61 <= first <= 0x7A:
            i = start + 1
        elif is_ascii_digit(first):
            i = start + 1
            if i < end and is_ascii_digit(read_char(data, kind, i)):
                i += 1
        if i > start and i + 1 < end:
            c = read_char(data, kind, i)
            if (c == 0x2E or c == 0x29) and is_line_space(read_char(data, kind, i + 1)):
                flags |= F_LIST
    return flags


cdef inline uint32_t ascii_lower(uint32_t c) noexcept nogil:
    if 0x41 <= c <= 0x5A:  # A-Z
        return c + 32
    return c


ctypedef struct KeyTable:
    uint32_t keys[MAX_KEYS][MAX_KEY_LEN]
    int key_len[MAX_KEYS]
    uint32_t first_mask[256]   # bit k set when key k starts with that code point
    int count


cdef inline bint key_at(const char_t* s, Py_ssize_t i, Py_ssize_t end, KeyTable* table,
                        uint32_t c) noexcept nogil:
    """Whether one of the keys starts at s[i] (whose lowercased code point is c)."""
    cdef uint32_t mask = table.first_mask[c]
    cdef int k = 0
    cdef Py_ssize_t j
    while mask:
        if mask & 1 and i + table.key_len[k] <= end:
            j = 1
            while j < table.key_len[k] and ascii_lower(s[i + j]) == table.keys[k][j]:
                j += 1
            if j == table.key_len[k]:
                return True
        mask >>= 1
        k += 1
    return False


cdef uint16_t scan_line(const char_t* s, Py_ssize_t start, Py_ssize_t end, KeyTable* table,
                        int32_t* words, uint64_t* first_token) noexcept nogil:
    """One pass over a stripped line: word count, first-token hash, and the
    LINE_DIGIT, LINE_DATEISH, LINE_SLASH, LINE_UPPER and LINE_KEY flags."""
    cdef uint16_t flags = 0
    cdef Py_ssize_t i
    cdef uint32_t c, f, previous = 0
    cdef int32_t n_words = 0
    cdef int digit_run = 0, capitals = 0
    cdef bint in_word = False, word_start = True, in_token = False, token_done = False
    cdef bint all_capitals = True
    cdef uint64_t h = TOKEN_SEED
    for i in range(start, end):
        c = s[i]
        if c == 0x20 or c == 0x09 or c == 0xA0:
            in_word = False
        elif not in_word:
            in_word = True
            n_words += 1
        if 0x30 <= c <= 0x39:
            flags |= F_DIGIT
            digit_run += 1
            # A time, a date or a year: four digits in a row, or a digit after
            # ":", "/", "." or "-" that itself follows a digit.
            if digit_run == 4 or ((previous == 0x3A or previous == 0x2F or previous == 0x2E
                                   or previous == 0x2D) and i >= start + 2
                                  and 0x30 <= s[i - 2] <= 0x39):
                flags |= F_DATEISH
        else:
            digit_run = 0
            if c == 0x2F:
                flags |= F_SLASH
        f = fold_char(c)
        if f != 0 and not (0x30 <= c <= 0x39):
            if 0x41 <= c <= 0x5A:
                capitals += 1
            else:
                all_capitals = False
        if not token_done:
            if f != 0:
                h = (h ^ f) * TOKEN_MUL
                in_token = True
            elif in_token:
                token_done = True
        # Keys are looked for at word starts only: one test for most characters.
        if word_start and table.count and c < 256 and not flags & F_KEY:
            if key_at(s, i, end, table, ascii_lower(c)):
                flags |= F_KEY
        word_start = f == 0
        previous = c
    words[0] = n_words
    first_token[0] = mix64(h) if in_token else 0
    if all_capitals and capitals >= 2:
        flags |= F_UPPER
    return flags


cdef Py_ssize_t line_table(const char_t* s, Py_ssize_t length, KeyTable* table,
                           const uint64_t* gate_hashes, const int32_t* gate_words, Py_ssize_t n_gate,
                           int64_t* starts, int64_t* ends, int32_t* words, uint16_t* flags,
                           uint64_t* first) noexcept nogil:
    """Fill the per-line arrays for the non-blank lines of s; returns their count."""
    cdef Py_ssize_t count = 0, line_start = 0, i, a, b, lo, hi, mid
    cdef bint blank_before = False
    cdef unsigned int kind = sizeof(char_t)
    while line_start <= length:
        i = line_start
        while i < length and s[i] != 0x0A:
            i += 1
        a, b = line_start, i
        while a < b and is_line_space(s[a]):
            a += 1
        while b > a and is_line_space(s[b - 1]):
            b -= 1
        if a < b:
            starts[count] = a
            ends[count] = b
            flags[count] = line_flags(s, kind, a, b) | scan_line(s, a, b, table, &words[count], &first[count])
            if blank_before and count > 0:
                flags[count] |= F_AFTER_BLANK
            blank_before = False
            if first[count] != 0 and n_gate:
                # Binary search of the sorted gate hashes.
                lo = 0
                hi = n_gate
                while lo < hi:
                    mid = (lo + hi) // 2
                    if gate_hashes[mid] < first[count]:
                        lo = mid + 1
                    else:
                        hi = mid
                if lo < n_gate and gate_hashes[lo] == first[count] and words[count] <= gate_words[lo]:
                    flags[count] |= F_GATE
            count += 1
        else:
            blank_before = True
        line_start = i + 1
    return count


def line_features(text, const uint64_t[::1] gate_hashes=None, const int32_t[::1] gate_words=None,
                  tuple gate_keys=()):
    """Per non-blank line of ``text`` (split at "\\n", spaces stripped):
    start, end, word count, LINE_* flags and the hash of its first token.

    ``start``/``end`` are offsets of the stripped line; words are runs of
    non-space characters; the first token is the first run of letters and
    digits, folded and hashed like ``token_hashes`` (0 when there is none).
    With ``gate_hashes`` (sorted first-token hashes) and ``gate_words`` (the
    most words a line starting with each may have), LINE_GATE marks the lines
    whose first token is listed and whose word count is within its limit;
    LINE_KEY marks lines holding one of ``gate_keys`` (lowercase strings).

    >>> starts, ends, words, flags, first = line_features("Share this:\\n\\n  He left.  ")
    >>> starts.tolist(), ends.tolist(), words.tolist()
    ([0, 15], [11, 23], [2, 2])
    >>> bool(flags[0] & LINE_COLON), bool(flags[1] & LINE_SENTENCE)
    (True, True)
    >>> int(first[0]) == int(token_hashes("share")[0])
    True
    """
    cdef str s = as_str(text, "text")
    cdef const void* data = PyUnicode_DATA(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(s)
    cdef Py_ssize_t capacity = length // 2 + 1  # a non-blank line takes at least 2 characters but the last
    starts_arr = np.empty(capacity, dtype=np.int64)
    ends_arr = np.empty(capacity, dtype=np.int64)
    words_arr = np.empty(capacity, dtype=np.int32)
    flags_arr = np.empty(capacity, dtype=np.uint16)
    first_arr = np.empty(capacity, dtype=np.uint64)
    cdef int64_t[::1] starts = starts_arr
    cdef int64_t[::1] ends = ends_arr
    cdef int32_t[::1] words = words_arr
    cdef uint16_t[::1] flags = flags_arr
    cdef uint64_t[::1] first = first_arr
    cdef Py_ssize_t count = 0, n_gate = 0
    cdef const uint64_t* gate_hash_ptr = NULL
    cdef const int32_t* gate_word_ptr = NULL
    cdef KeyTable table
    cdef int k, m
    table.count = len(gate_keys)
    if table.count > MAX_KEYS:
        raise ValueError(f"at most {MAX_KEYS} gate_keys, got {table.count}")
    for k in range(256):
        table.first_mask[k] = 0
    for k in range(table.count):
        key = gate_keys[k]
        if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY_LEN or key != key.lower():
            raise ValueError(f"gate_keys[{k}] must be a lowercase str of 1 to {MAX_KEY_LEN} "
                             f"characters, got {key!r}")
        if ord(key[0]) >= 256:
            raise ValueError(f"gate_keys[{k}] must start with a Latin-1 character, got {key!r}")
        table.key_len[k] = len(key)
        for m in range(len(key)):
            table.keys[k][m] = ord(key[m])
        table.first_mask[table.keys[k][0]] |= (<uint32_t>1) << k
    if gate_hashes is not None:
        if gate_words is None or gate_words.shape[0] != gate_hashes.shape[0]:
            raise ValueError("gate_words must be given with gate_hashes, one limit per hash")
        n_gate = gate_hashes.shape[0]
        if n_gate:
            gate_hash_ptr = &gate_hashes[0]
            gate_word_ptr = &gate_words[0]
    if length == 0:
        return (starts_arr[:0].copy(), ends_arr[:0].copy(), words_arr[:0].copy(),
                flags_arr[:0].copy(), first_arr[:0].copy())
    with nogil:
        if kind == 1:
            count = line_table(<const unsigned char*>data, length, &table, gate_hash_ptr, gate_word_ptr,
                               n_gate, &starts[0], &ends[0], &words[0], &flags[0], &first[0])
        elif kind == 2:
            count = line_table(<const unsigned short*>data, length, &table, gate_hash_ptr, gate_word_ptr,
                               n_gate, &starts[0], &ends[0], &words[0], &flags[0], &first[0])
        else:
            count = line_table(<const uint32_t*>data, length, &table, gate_hash_ptr, gate_word_ptr,
                               n_gate, &starts[0], &ends[0], &words[0], &flags[0], &first[0])
    return (starts_arr[:count].copy(), ends_arr[:count].copy(), words_arr[:count].copy(),
            flags_arr[:count].copy(), first_arr[:count].copy())


def find_body(const int32_t[::1] words, const uint16_t[::1] flags, const double[::1] chrome_scores,
              const int8_t[::1] end_kinds, params):
    """[start, end) of the article body among a text's lines (see textkit.boilerplate).

    ``chrome_scores`` holds each chrome line's score and NaN for the other
    lines; ``end_kinds`` is 1 for a line that ends the body once
    ``hard_min_words`` of prose came before it, 2 for one that ends it when
    the prose after it is under ``soft_share`` of the prose before it, else 0.
    ``params`` is (sentence_words, half_words, long_words, colon_words,
    list_score, short_sentence_score, fragment_base, fragment_per_word,
    fragment_cap, isolation, hard_min_words, soft_share).  Returns (0, n)
    when no line scores as prose.

    >>> w = np.array([2, 12, 15, 3], np.int32); f = np.array([0, 1, 1, 0], np.uint16)
    >>> nan = float("nan"); c = np.array([nan, nan, nan, -4.0]); e = np.zeros(4, np.int8)
    >>> find_body(w, f, c, e, (8, 4, 20, 4, 0.0, 0.5, -1.5, 0.15, 10, 0.3, 40, 0.25))
    (1, 3)
    """
    cdef Py_ssize_t n = words.shape[0], i, k, previous_plain, next_plain
    if flags.shape[0] != n or chrome_scores.shape[0] != n or end_kinds.shape[0] != n:
        raise ValueError(f"words, flags, chrome_scores and end_kinds must have the same length, got "
                         f"{n}, {flags.shape[0]}, {chrome_scores.shape[0]}, {end_kinds.shape[0]}")
    cdef double sentence_words, half_words, long_words, colon_words, list_score, short_score
    cdef double fragment_base, fragment_per_word, fragment_cap, isolation, hard_min, soft_share
    (sentence_words, half_words, long_words, colon_words, list_score, short_score, fragment_base,
     fragment_per_word, fragment_cap, isolation, hard_min, soft_share) = params
    if n == 0:
        return 0, 0
    base_arr = np.empty(n, dtype=np.float64)
    scores_arr = np.empty(n, dtype=np.float64)
    cdef double[::1] base = base_arr
    cdef double[::1] scores = scores_arr
    cdef double w, running, best, total, before, prev_score, next_score
    cdef bint sentence
    cdef Py_ssize_t run_start, start, end
    with nogil:
        for i in range(n):
            if chrome_scores[i] == chrome_scores[i]:  # not NaN: a chrome line
                base[i] = chrome_scores[i]
                continue
            w = words[i]
            sentence = (flags[i] & F_SENTENCE) != 0
            if sentence and w >= sentence_words:
                base[i] = w
            elif sentence and w >= half_words:
                base[i] = w / 2.0
            elif w >= long_words:  # a long paragraph without final punctuation
                base[i] = w / 2.0
            elif (flags[i] & F_COLON) and w >= colon_words:  # a lead-in to a quote or a list
                base[i] = w / 4.0
            elif flags[i] & F_LIST:
                base[i] = list_score
            elif sentence and w >= 2:
                base[i] = short_score
            else:
                base[i] = fragment_base - (w if w < fragment_cap else fragment_cap) * fragment_per_word
        # A prose line whose nearest non-chrome neighbours are both fragments
        # (a teaser between its headline and its timestamp) counts for less.
        for i in range(n):
            scores[i] = base[i]
            if base[i] <= 0 or chrome_scores[i] == chrome_scores[i]:
                continue
            prev_score = -1.0
            k = i - 1
            while k >= 0:
                if chrome_scores[k] != chrome_scores[k]:
                    prev_score = base[k]
                    break
                k -= 1
            next_score = -1.0
            k = i + 1
            while k < n:
                if chrome_scores[k] != chrome_scores[k]:
                    next_score = base[k]
                    break
                k += 1
            if prev_score <= 0 and next_score <= 0:
                scores[i] = base[i] * isolation
        # Kadane: the maximum-sum run.
        running = 0.0
        best = 0.0
        run_start = 0
        start = 0
        end = 0
        for i in range(n):
            if running <= 0:
                running = scores[i]
                run_start = i
            else:
                running += scores[i]
            if running > best:
                best = running
                start = run_start
                end = i + 1
    if start == end:
        return 0, n
    with nogil:
        total = 0.0
        for i in range(start, end):
            if base[i] > 0:
                total += words[i]
        before = 0.0
        for i in range(start, end):
            if before >= hard_min and end_kinds[i] != 0:
                if end_kinds[i] == 1 or total - before < soft_share * before:
                    end = i
                    break
            if base[i] > 0:
                before += words[i]
        # Fragments at either edge of the run are not body.
        while start < end and base[start] <= 0:
            start += 1
        while end > start and base[end - 1] <= 0:
            end -= 1
    return start, end


# ---------------------------------------------------------------- quotation spans
# quote_spans: one pass over a str's buffer that pairs quotation marks into
# spans, for quote attribution (textkit/quotemarks.py is the Python face).
# The rules are in quote_spans's docstring.  The state is a stack of at most
# QUOTE_MAX_DEPTH open spans, the spans a paragraph left open (which the next
# paragraph may reopen), and at most one "tentative" closing quote: a ' or ’
# after an "s" and before a word ("the Smiths' dog") that closes the
# innermost single-quoted span unless a later closing quote claims that
# span.  Every mark does O(QUOTE_MAX_DEPTH) work and nothing looks further
# than three characters ahead, so the pass is linear in the text's length.

# Values of the ``style`` column of ``quote_spans``.
QUOTE_STYLE_DOUBLE_STRAIGHT = 0      # "…"
QUOTE_STYLE_DOUBLE_CURLY = 1         # “…”
QUOTE_STYLE_LOW_HIGH = 2             # „…“ (German)
QUOTE_STYLE_GUILLEMETS = 3           # «…»
QUOTE_STYLE_REVERSED_GUILLEMETS = 4  # »…« (Danish, German)
QUOTE_STYLE_SINGLE_CURLY = 5         # ‘…’
QUOTE_STYLE_SINGLE_STRAIGHT = 6      # '…'
QUOTE_STYLE_LOW_SINGLE = 7           # ‚…‘
QUOTE_STYLE_DOUBLED_APOSTROPHE = 8   # ''…'' or ``…''
QUOTE_STYLE_SINGLE_GUILLEMETS = 9    # ‹…›
# Bits of the ``flags`` column of ``quote_spans``.
QUOTE_FLAG_CONTINUED = 1   # reopens a span the previous paragraph left open
QUOTE_FLAG_RECOVERED = 2   # no proper closing mark (see quote_spans)
QUOTE_FLAG_NESTED = 4      # opened inside another span
QUOTE_FLAG_CONTINUES = 8   # left open at its paragraph's end and reopened by the next
# Open spans kept; an opening mark beyond this depth is ignored.
QUOTE_MAX_DEPTH = 8

cdef enum:
    QS_DOUBLE = 0
    QS_CURLY = 1
    QS_LOW_HIGH = 2
    QS_GUILL = 3
    QS_GUILL_REV = 4
    QS_SINGLE_CURLY = 5
    QS_SINGLE = 6
    QS_LOW_SINGLE = 7
    QS_TWO_APOS = 8
    QS_SINGLE_GUILL = 9
    QF_CONTINUED = 1
    QF_RECOVERED = 2
    QF_NESTED = 4
    QF_CONTINUES = 8
    Q_DEPTH = 8
    Q_COLS = 6      # open, inner_start, inner_end, close_end, style, flags

# 1 for the characters the scan stops at: quotation marks and paragraph breaks.
cdef uint8_t QMARK_LATIN1[256]        # "\n" " ' ` « »
cdef uint8_t QMARK_PUNCT[0x203B - 0x2018]  # ‘ ’ ‚ “ ” „ ‹ › and U+2029


cdef void _init_qmark_tables() except *:
    cdef int c
    for c in range(256):
        QMARK_LATIN1[c] = c in (0x0A, 0x22, 0x27, 0x60, 0xAB, 0xBB)
    for c in range(0x2018, 0x203B):
        QMARK_PUNCT[c - 0x2018] = c in (0x2018, 0x2019, 0x201A, 0x201C, 0x201D, 0x201E,
                                        0x2029, 0x2039, 0x203A)

_init_qmark_tables()


ctypedef struct QuoteState:
    int64_t* rows               # Q_COLS int64 a span, in order of opening (malloc, grown)
    Py_ssize_t count            # spans written
    Py_ssize_t cap              # spans the rows buffer holds
    Py_ssize_t stack[Q_DEPTH]   # row of each open span, outermost first
    int styles[Q_DEPTH]         # style of each open span
    int depth
    Py_ssize_t tentative        # index of a tentative closing quote of the innermost span, or -1
    Py_ssize_t pending[Q_DEPTH]  # rows of the spans the last paragraph left open, outermost first
    int pending_styles[Q_DEPTH]
    int n_pending
    int linked                  # pending spans reopened so far by the current paragraph
    bint lead                   # in the leading marks of a paragraph that may reopen pending spans
    Py_ssize_t floor            # index after the last mark handled (trimming never passes it)


cdef inline bint q_is_mark(uint32_t c) noexcept nogil:
    if c < 256:
        return QMARK_LATIN1[c]
    # Unsigned wrap-around: one compare tests 0x2018 <= c <= 0x203A.
    return <uint32_t>(c - 0x2018) <= 0x203A - 0x2018 and QMARK_PUNCT[c - 0x2018]


cdef inline bint q_space(uint32_t c) noexcept nogil:
    """Whitespace or a break; callers pass "\\n" for "no character" at either
    end of the text, so the text's ends count as spaces."""
    return (c == 0x20 or <uint32_t>(c - 0x09) <= 0x0D - 0x09 or c == 0xA0 or c == 0x1680
            or <uint32_t>(c - 0x2000) <= 0x200A - 0x2000 or c == 0x2028 or c == 0x2029
            or c == 0x202F or c == 0x205F or c == 0x3000)


cdef inline bint q_word(uint32_t c) noexcept nogil:
    """A letter or digit (str.isalnum()); ASCII without a table lookup."""
    if c < 128:
        # (c | 0x20) maps A-Z onto a-z; unsigned wrap-around makes each test one compare.
        return <uint32_t>((c | 0x20) - 0x61) < 26 or <uint32_t>(c - 0x30) < 10
    return Py_UNICODE_ISALNUM(c)


cdef inline bint q_opens_after(uint32_t c) noexcept nogil:
    """A quotation mark right after ``c`` stands at a word start: ``c`` is a
    space (or no character), an opening bracket, a hyphen or dash, or another
    quotation mark."""
    return (q_space(c) or c == 0x28 or c == 0x5B or c == 0x7B or c == 0x2D
            or <uint32_t>(c - 0x2010) <= 0x2015 - 0x2010
            or c == 0x22 or c == 0x27 or c == 0x60 or c == 0xAB or c == 0xBB
            or <uint32_t>(c - 0x2018) <= 0x201F - 0x2018 or c == 0x2039 or c == 0x203A)


cdef inline bint q_ascii_word_at(const char_t* s, Py_ssize_t n, Py_ssize_t j,
                                 const char* word) noexcept nogil:
    """``s[j:]`` starts with the lowercase ASCII ``word`` (any case) followed
    by a character that is not a letter or digit, or by the end."""
    cdef Py_ssize_t k = 0
    while word[k] != 0:
        # Only ASCII letters are compared, so (c | 0x20) is their lowercase.
        if j + k >= n or s[j + k] >= 128 or (s[j + k] | 0x20) != <uint32_t>word[k]:
            return False
        k += 1
    return j + k >= n or not q_word(s[j + k])


cdef inline Py_ssize_t q_elision(const char_t* s, Py_ssize_t n, Py_ssize_t i) noexcept nogil:
    """Characters to skip when the ' or ‘ at ``i`` starts an elided word and
    so is an apostrophe, not an opening quote ('em, 'tis, 'twas, 'til, 'bout,
    '90s, '92, rock 'n' roll: 3 to skip both marks of 'n'); 0 otherwise."""
    cdef uint32_t after
    if i + 2 < n and <uint32_t>(s[i + 1] - 0x30) < 10 and <uint32_t>(s[i + 2] - 0x30) < 10:
        # Two digits then "s" or a non-word character: a decade or a year.
        if i + 3 >= n or (s[i + 3] | 0x20) == 0x73 or not q_word(s[i + 3]):
            return 1
        return 0
    if i + 2 < n and (s[i + 1] | 0x20) == 0x6E:  # 'n' (rock 'n' roll), closed by ' or ’
        after = s[i + 2]
        if after == 0x27 or after == 0x2019:
            return 3
    if (q_ascii_word_at(s, n, i + 1, "em") or q_ascii_word_at(s, n, i + 1, "tis")
            or q_ascii_word_at(s, n, i + 1, "twas") or q_ascii_word_at(s, n, i + 1, "til")
            or q_ascii_word_at(s, n, i + 1, "bout") or q_ascii_word_at(s, n, i + 1, "n")):
        return 1
    return 0


cdef inline int q_find(QuoteState* q, int style) noexcept nogil:
    """Position in the stack of the innermost open span of ``style``, or -1."""
    cdef int k = q.depth - 1
    while k >= 0 and q.styles[k] != style:
        k -= 1
    return k


cdef void q_close(QuoteState* q, int k, Py_ssize_t i, Py_ssize_t length,
                  bint irregular) noexcept nogil:
    """Close open span ``k`` with the mark of ``length`` characters at ``i``
    (``irregular``: a mark of the wrong direction).  Spans opened inside it
    end there too: the innermost at its tentative closing quote if it has
    one, the others at ``i``, flagged recovered."""
    cdef int j
    cdef int64_t* row
    for j in range(q.depth - 1, k, -1):
        row = q.rows + Q_COLS * q.stack[j]
        if j == q.depth - 1 and q.tentative >= 0:
            row[2] = q.tentative
            row[3] = q.tentative + 1
        else:
            row[2] = i
            row[3] = i
            row[5] |= QF_RECOVERED
    # A tentative closing quote of span k itself was an apostrophe: the mark
    # at i closes the span.
    q.tentative = -1
    row = q.rows + Q_COLS * q.stack[k]
    row[2] = i
    row[3] = i + length
    if irregular:
        row[5] |= QF_RECOVERED
    q.depth = k


cdef inline void q_commit(QuoteState* q) noexcept nogil:
    """The tentative closing quote, if any, closes the innermost span."""
    if q.tentative >= 0:
        q_close(q, q.depth - 1, q.tentative, 1, False)


cdef int q_push(QuoteState* q, int style, Py_ssize_t i, Py_ssize_t length, bint nests=False) except -1 nogil:
    """Open a span of ``style`` at the mark of ``length`` characters at ``i``.

    Returns 1 when it opened one; 0 when the mark closed the innermost span
    instead (double quotation marks of one style seldom nest directly, so an
    opening mark of the innermost span's style is its closer typed the wrong
    way, or for '"' the next in alternation; unless ``nests``) or was ignored
    (stack full).
    """
    cdef int64_t* row
    q_commit(q)
    if (not nests and q.depth and q.styles[q.depth - 1] == style and style != QS_SINGLE_CURLY
            and style != QS_SINGLE and style != QS_LOW_SINGLE):
        # Finnish and Swedish write »…», so » after » is a regular closer too.
        q_close(q, q.depth - 1, i, length, style != QS_DOUBLE and style != QS_GUILL_REV)
        return 0
    if q.depth == Q_DEPTH:
        return 0
    if q.count == q.cap:
        grow_buffer(<void**>&q.rows, &q.cap, q.count + 1, Q_COLS * sizeof(int64_t))
    row = q.rows + Q_COLS * q.count
    row[0] = i
    row[1] = i + length
    row[2] = i + length  # set when the span closes
    row[3] = i + length
    row[4] = style
    row[5] = QF_NESTED if q.depth else 0
    q.stack[q.depth] = q.count
    q.styles[q.depth] = style
    q.depth += 1
    q.count += 1
    return 1


cdef inline void q_close_single(QuoteState* q, uint32_t before, uint32_t after, uint32_t after2,
                                Py_ssize_t i) noexcept nogil:
    """A ' or ’ at a word end closes the innermost span, which is single-quoted
    in its style; after an "s" and before a space and a word ("the Smiths'
    dog") only tentatively: a later closing quote of the span wins."""
    if (before | 0x20) == 0x73 and (after == 0x20 or after == 0xA0) and q_word(after2):
        q.tentative = i
    else:
        q_close(q, q.depth - 1, i, 1, False)


cdef void q_resolve_pending(QuoteState* q) noexcept nogil:
    """The pending spans the current paragraph did not reopen are recovered."""
    cdef int j
    for j in range(q.linked, q.n_pending):
        q.rows[Q_COLS * q.pending[j] + 5] |= QF_RECOVERED
    q.n_pending = 0
    q.linked = 0
    q.lead = False


cdef void q_link(QuoteState* q, int opened) noexcept nogil:
    """In a paragraph's leading marks: the mark just handled opened a span of
    style ``opened`` (-1: it opened none)."""
    if opened >= 0 and opened == q.pending_styles[q.linked]:
        q.rows[Q_COLS * q.pending[q.linked] + 5] |= QF_CONTINUES
        q.rows[Q_COLS * q.stack[q.depth - 1] + 5] |= QF_CONTINUED
        q.linked += 1
        if q.linked == q.n_pending:
            q.n_pending = 0
            q.linked = 0
            q.lead = False
    else:
        q_resolve_pending(q)


cdef void q_paragraph_end(QuoteState* q, const char_t* s, Py_ssize_t p) noexcept nogil:
    """End the paragraph at ``p`` (its break, or the text's end): the spans
    still open end at its last non-space character and wait for the next
    paragraph to reopen them."""
    cdef Py_ssize_t end = p
    cdef int j
    cdef int64_t* row
    q_commit(q)
    if q.depth == 0:
        return  # a blank line keeps earlier pending spans waiting
    q_resolve_pending(q)
    while end > q.floor and q_space(s[end - 1]):
        end -= 1
    for j in range(q.depth):
        row = q.rows + Q_COLS * q.stack[j]
        row[2] = end if end > row[1] else row[1]
        row[3] = row[2]
        q.pending[j] = q.stack[j]
        q.pending_styles[j] = q.styles[j]
    q.n_pending = q.depth
    q.linked = 0
    q.lead = True
    q.depth = 0


cdef Py_ssize_t q_mark(QuoteState* q, const char_t* s, Py_ssize_t n, Py_ssize_t i,
                       int* opened) except -1 nogil:
    """Handle the quotation mark at ``i``; returns the characters it took and
    sets ``opened`` to the style of the span it opened, or -1."""
    cdef uint32_t c = s[i]
    cdef uint32_t before = s[i - 1] if i > 0 else 0x0A
    cdef uint32_t after = s[i + 1] if i + 1 < n else 0x0A
    cdef uint32_t after2
    cdef bint at_start, at_end
    cdef Py_ssize_t skip
    cdef int k, top = q.styles[q.depth - 1] if q.depth else -1
    opened[0] = -1
    # At a word start: after a space, bracket, dash or quote, and before a
    # non-space.  At a word end: after a non-space and before a space,
    # punctuation or the end.  A mark can be both ("(".)") or neither (a"b).
    at_start = q_opens_after(before) and not q_space(after)
    at_end = not q_space(before) and not q_word(after)
    if c == 0x22:  # " pairs by alternation; its position decides when nothing is open
        if top == QS_DOUBLE:
            q_close(q, q.depth - 1, i, 1, False)
        elif at_start and not at_end:
            opened[0] = QS_DOUBLE if q_push(q, QS_DOUBLE, i, 1) else -1
        else:
            k = q_find(q, QS_DOUBLE)
            if k >= 0:
                q_close(q, k, i, 1, False)
            elif at_end and top == QS_CURLY:  # “…" : marks mixed by the typist
                q_close(q, q.depth - 1, i, 1, False)
            elif not at_end or at_start:  # at a word end with nothing open: stray
                opened[0] = QS_DOUBLE if q_push(q, QS_DOUBLE, i, 1) else -1
        return 1
    if c == 0x27 or c == 0x60:
        after2 = s[i + 2] if i + 2 < n else 0x0A
        if after == c:  # '' or ``: the doubled apostrophe
            if c == 0x60 or (q_opens_after(before) and not q_space(after2)):
                opened[0] = QS_TWO_APOS if q_push(q, QS_TWO_APOS, i, 2) else -1
                return 2
            k = q_find(q, QS_TWO_APOS)
            if k >= 0 and not q_space(before) and c == 0x27 and after2 == 0x27 and top == QS_SINGLE:
                # ''...'Go home,''': the first mark closes the single quote, the next two the double.
                q_close(q, q.depth - 1, i, 1, False)
                return 1
            if k >= 0 and not q_space(before):
                q_close(q, k, i, 2, False)
                return 2
            if k >= 0 and q_space(before) and q_space(after2) and i >= 2 and (
                    s[i - 2] == 0x2C or s[i - 2] == 0x2E or s[i - 2] == 0x3F or s[i - 2] == 0x21
                    or s[i - 2] == 0x27 or s[i - 2] == 0x2019):
                q_close(q, k, i, 2, False)  # "coalitions, '' said": a closer typed after a space
                return 2
            if q_space(before):
                return 2  # '' between spaces: ignored
            # Otherwise two single quotes that close ("'He said 'no''").
        if c == 0x60:
            return 1  # a lone backtick
        if q_opens_after(before) and q_word(after):
            skip = q_elision(s, n, i)
            if skip:
                return skip
            opened[0] = QS_SINGLE if q_push(q, QS_SINGLE, i, 1) else -1
        elif at_end and top == QS_SINGLE:
            q_close_single(q, before, after, after2, i)
        return 1  # else an apostrophe: don't, o'clock, the Smiths' (nothing open)
    if c == 0x2019:  # ’ closes ‘ at a word end; elsewhere it is an apostrophe
        if at_end and top == QS_SINGLE_CURLY:
            after2 = s[i + 2] if i + 2 < n else 0x0A
            q_close_single(q, before, after, after2, i)
        return 1
    if c == 0x201C:  # “ opens “…” and closes „…“
        k = q_find(q, QS_LOW_HIGH)
        if k >= 0:
            q_close(q, k, i, 1, False)
        elif top != QS_CURLY and at_end and not q_opens_after(before):
            k = q_find(q, QS_CURLY)  # at a word end: a closer typed the wrong way
            if k >= 0:
                q_close(q, k, i, 1, True)
        else:
            # “…calls “hell” than…”: at a word start after a word, inside a “ quote,
            # it opens one more (after "that, " it is a closer typed the wrong way).
            opened[0] = QS_CURLY if q_push(q, QS_CURLY, i, 1, top == QS_CURLY and at_start and not at_end
                                           and i >= 2 and q_space(before) and q_word(s[i - 2])) else -1
        return 1
    if c == 0x201D:  # ” closes “…”; at a word start with nothing to close it opens (Swedish ”…”)
        k = q_find(q, QS_CURLY)
        if k >= 0:
            q_close(q, k, i, 1, False)
        elif at_end and (top == QS_DOUBLE or top == QS_TWO_APOS):  # "…” : marks mixed by the typist
            q_close(q, q.depth - 1, i, 1, False)
        elif not at_end and (at_start or before == 0x0A or before == 0x0D or before == 0x2029):
            # A paragraph's first mark can only open, even before a space ("” … he said,”").
            opened[0] = QS_CURLY if q_push(q, QS_CURLY, i, 1) else -1
        return 1
    if c == 0x201E:  # „
        opened[0] = QS_LOW_HIGH if q_push(q, QS_LOW_HIGH, i, 1) else -1
        return 1
    if c == 0x2018:  # ‘ opens ‘…’ and closes ‚…‘
        k = q_find(q, QS_LOW_SINGLE)
        if k >= 0:
            q_close(q, k, i, 1, False)
        elif at_start:
            skip = q_elision(s, n, i)
            if skip:
                return skip
            opened[0] = QS_SINGLE_CURLY if q_push(q, QS_SINGLE_CURLY, i, 1) else -1
        elif at_end and top == QS_SINGLE_CURLY:  # a closer typed the wrong way
            q_close(q, q.depth - 1, i, 1, True)
        return 1
    if c == 0x201A:  # ‚ (only at a word start: elsewhere it is a comma look-alike)
        if at_start:
            opened[0] = QS_LOW_SINGLE if q_push(q, QS_LOW_SINGLE, i, 1) else -1
        return 1
    if c == 0xAB:  # « opens «…» and closes »…«
        k = q_find(q, QS_GUILL_REV)
        if k >= 0:
            q_close(q, k, i, 1, False)
        else:
            opened[0] = QS_GUILL if q_push(q, QS_GUILL, i, 1) else -1
        return 1
    if c == 0xBB:  # » closes «…» and opens »…« (not before a space: a stray closer)
        k = q_find(q, QS_GUILL)
        if k >= 0:
            q_close(q, k, i, 1, False)
        elif top == QS_GUILL_REV or not q_space(after):
            opened[0] = QS_GUILL_REV if q_push(q, QS_GUILL_REV, i, 1) else -1
        return 1
    if c == 0x2039:  # ‹
        opened[0] = QS_SINGLE_GUILL if q_push(q, QS_SINGLE_GUILL, i, 1) else -1
        return 1
    if c == 0x203A:  # ›
        k = q_find(q, QS_SINGLE_GUILL)
        if k >= 0:
            q_close(q, k, i, 1, False)
        return 1
    return 1


cdef int quote_spans_typed(const char_t* s, Py_ssize_t n, QuoteState* q) except -1 nogil:
    """The quote_spans loop for one storage width."""
    cdef Py_ssize_t i = 0
    cdef uint32_t c
    cdef int opened
    while i < n:
        if q.lead:
            # The first characters of a paragraph after one that left spans
            # open: spaces and blank lines wait, a mark may reopen, anything
            # else means the pending spans were not continued.
            c = s[i]
            if not q_is_mark(c):
                if not q_space(c):
                    q_resolve_pending(q)
                i += 1
                continue
        else:
            # Fast path: skip to the next mark or break (most of a text).
            while i < n and not q_is_mark(s[i]):
                i += 1
            if i >= n:
                break
            c = s[i]
        if c == 0x0A or c == 0x2029:
            q_paragraph_end(q, s, i)
            i += 1
            continue
        i += q_mark(q, s, n, i, &opened)
        q.floor = i
        if q.lead:
            q_link(q, opened)
    q_paragraph_end(q, s, n)
    q_resolve_pending(q)
    return 0


def quote_spans(text):
    """Quotation spans of ``text`` as an (n, 6) int64 array, one row a span in
    order of opening: ``open`` (index of the opening mark), ``inner_start``,
    ``inner_end`` (the quoted text, end-exclusive), ``close_end`` (index after
    the closing mark), ``style`` (a QUOTE_STYLE_* value) and ``flags``
    (QUOTE_FLAG_* bits).  Offsets are str indices.  One linear pass without
    the GIL; unbalanced marks never raise.

    Marks: " (0), “ ” (1), „ “ (2), « » (3), » « (4), ‘ ’ (5), ' (6), ‚ ‘ (7),
    '' or `` closed by '' (8), ‹ › (9).  The rules:

    * Paragraphs end at "\\n" (and U+2029); no span crosses one.  A span
      still open at a paragraph's end ends at its last non-space character.
      When the next non-blank paragraph opens with the same marks (the
      convention for a quotation running over paragraphs), the old span gets
      QUOTE_FLAG_CONTINUES and the new one QUOTE_FLAG_CONTINUED; otherwise
      the old span gets QUOTE_FLAG_RECOVERED.
    * A span opened while another is open gets QUOTE_FLAG_NESTED.  At most
      QUOTE_MAX_DEPTH spans are open at once; deeper opening marks are
      ignored.  A closing mark closes the innermost open span of its style;
      spans opened inside that one end at the mark too, recovered.  A closing
      mark with no open span of its style is ignored.
    * Double marks of one style never nest directly: '"' alternates, and an
      opening “ „ « » ‹ or `` while the innermost span has that style closes
      it (a closer typed the wrong way: recovered).  With nothing open, '"'
      opens unless it stands at a word end (after a non-space, before a space,
      punctuation or the end), where it is a stray closer.  A '"' at a word
      start opens a span nested in a span of another style.
    * “ closes „…“ when one is open; at a word end it closes “…” (recovered).
      ” with nothing to close opens at a word start (Swedish ”…”).
      » with nothing to close opens only before a non-space.  ‚ opens only at
      a word start.
    * ' opens only at a word start (after a space, an opening bracket, a
      dash or a quotation mark) before a letter or digit, and closes the
      innermost span, when it is '…', only at a word end (after a non-space,
      before a space, punctuation or the end); elsewhere it is an
      apostrophe (don't, o'clock).  ’ never opens and closes ‘…’ the same
      way.  'em, 'tis, 'twas, 'til, 'bout, 'n', '90s, '92 (also with ‘) are
      apostrophes.  A closing ' or ’ after "s" and before a space and a word
      ("the Smiths' dog") closes only if no later closing mark of the span
      comes first.  ‘ opens at a word start, closes ‚…‘, and at a word end
      closes ‘…’ (recovered).
    * '' opens at a word start and closes ''…'' or ``…'' at a word end; with
      no such span open, '' after a non-space is two single quotes.

    >>> quote_spans('He said "no" and left.').tolist()
    [[8, 9, 11, 12, 0, 0]]
    >>> rows = quote_spans("“He told me ‘never again’ and left,” she said.")
    >>> rows[:, :4].tolist(), rows[:, 5].tolist()
    ([[0, 1, 35, 36], [12, 13, 24, 25]], [0, 4])
    """
    cdef str s = as_str(text, "text")
    cdef const void* data = PyUnicode_DATA(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(s)
    cdef QuoteState q
    cdef int64_t[:, ::1] view
    q.rows = NULL
    q.count = 0
    q.cap = 0
    q.depth = 0
    q.tentative = -1
    q.n_pending = 0
    q.linked = 0
    q.lead = False
    q.floor = 0
    try:
        with nogil:
            if kind == 1:
                quote_spans_typed(<const unsigned char*>data, length, &q)
            elif kind == 2:
                quote_spans_typed(<const unsigned short*>data, length, &q)
            else:
                quote_spans_typed(<const uint32_t*>data, length, &q)
        out = np.empty((q.count, Q_COLS), dtype=np.int64)
        if q.count:
            view = out
            memcpy(&view[0, 0], q.rows, <size_t>q.count * Q_COLS * sizeof(int64_t))
        return out
    finally:
        free(q.rows)


# ---------------------------------------------------------------- attribution helpers
cdef inline Py_ssize_t lower_bound_u64(const uint64_t* values, Py_ssize_t n,
                                       uint64_t key) noexcept nogil:
    cdef Py_ssize_t lo = 0, hi = n, mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if values[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    return lo


# Flags ``token_spans_in`` gives each token it keeps.
TOKEN_CAPITALISED = 1     # starts with a capital A-Z ("Said", "States")
TOKEN_AFTER_HYPHEN = 2    # a hyphen right before it ("so-called")
TOKEN_AFTER_LISTED = 4    # the token before it, past spaces only, has a hash in ``before_hashes``
TOKEN_AFTER_POSSESSIVE = 8  # the token before it, past spaces only, is the "s" of "'s" or "’s"
TOKEN_VERB = 16           # a word of ``verb_hashes`` in lowercase a-z, with none of the flags above
TOKEN_MARKED = 32         # a token with a hash in ``marked_hashes``

cdef enum:
    T_CAPITALISED = 1
    T_AFTER_HYPHEN = 2
    T_AFTER_LISTED = 4
    T_AFTER_POSSESSIVE = 8
    T_VERB = 16
    T_MARKED = 32
    T_NOT_A_VERB = T_CAPITALISED | T_AFTER_HYPHEN | T_AFTER_LISTED | T_AFTER_POSSESSIVE
    CONTRACTION_REACH = 12  # "There’s  " and the spaces before the token: how far a contraction reaches


cdef inline void fill_hash_filter(const uint64_t* sorted_set, Py_ssize_t n, uint64_t* bits) noexcept nogil:
    cdef Py_ssize_t i
    memset(bits, 0, 64 * sizeof(uint64_t))
    for i in range(n):
        bits[(sorted_set[i] >> 6) & 63] |= (<uint64_t>1) << (sorted_set[i] & 63)


cdef inline bint lowercase_ascii(const char_t* chars, Py_ssize_t start, Py_ssize_t end) noexcept nogil:
    cdef Py_ssize_t k
    for k in range(start, end):
        if <uint32_t>(chars[k] - 0x61) >= 26:
            return False
    return True


cdef struct HashSet:
    const uint64_t* values  # sorted
    Py_ssize_t count
    uint64_t bits[64]       # a 4096-bit filter on the low bits: most tokens are turned away by it


cdef inline void hash_set_init(HashSet* hs, const uint64_t* values, Py_ssize_t count) noexcept nogil:
    hs.values = values
    hs.count = count
    fill_hash_filter(values, count, hs.bits)


cdef inline bint hash_set_may_have(const HashSet* hs, uint64_t h) noexcept nogil:
    return (hs.bits[(h >> 6) & 63] >> (h & 63)) & 1


cdef inline bint hash_set_has(const HashSet* hs, uint64_t h) noexcept nogil:
    # The filter test inlines into the per-token loop; the search is a call.
    return hash_set_may_have(hs, h) and sorted_has(hs.values, hs.count, h)


cdef bint sorted_has(const uint64_t* values, Py_ssize_t n, uint64_t h) noexcept nogil:
    cdef Py_ssize_t at = lower_bound_u64(values, n, h)
    return at < n and values[at] == h


cdef Py_ssize_t token_spans_in_typed(const char_t* chars, Py_ssize_t length, const HashSet* wanted,
                                     const HashSet* before, const HashSet* verbs,
                                     const HashSet* contractions, const HashSet* marked,
                                     int64_t* out) noexcept nogil:
    """Write start, end, flags of each token whose hash is in ``wanted``; return the count."""
    cdef Py_ssize_t i = 0, k, count = 0, start
    cdef Py_ssize_t previous_start = -1, previous_end = -1, word_start = -1, word_end = -1
    cdef uint64_t previous_hash = 0, word_hash = 0
    cdef uint32_t f
    cdef int64_t flags
    cdef bint spaces_only
    cdef uint64_t h, done
    while True:
        # Two tight loops, separators then the token's characters, keep the
        # per-character work to a table lookup (and the hash step).
        while i < length and fold_char(chars[i]) == 0:
            i += 1
        if i == length:
            break
        start = i
        h = TOKEN_SEED
        while i < length:
            f = fold_char(chars[i])
            if f == 0:
                break
            h = (h ^ f) * TOKEN_MUL
            i += 1
        # the token [start, i) ends here
        done = mix64(h)
        if hash_set_may_have(wanted, done) and sorted_has(wanted.values, wanted.count, done):
            flags = 0
            if <uint32_t>(chars[start] - 0x41) < 26:
                flags |= T_CAPITALISED
            if start > 0 and chars[start - 1] == 0x2D:
                flags |= T_AFTER_HYPHEN
            spaces_only = previous_end >= 0 and previous_end < start
            k = previous_end
            while spaces_only and k < start:
                spaces_only = Py_UNICODE_ISSPACE(chars[k])
                k += 1
            if spaces_only:
                if hash_set_has(before, previous_hash):
                    flags |= T_AFTER_LISTED
                if previous_end - previous_start == 1 and (chars[previous_start] | 0x20) == 0x73 \
                        and previous_start > 0 and (chars[previous_start - 1] == 0x27
                                                    or chars[previous_start - 1] == 0x2019):
                    flags |= T_AFTER_POSSESSIVE
                    # "He’s claiming": the "’s" of a listed word ("He", "he") is "is" or
                    # "has", and the token after it a verb.
                    if flags & T_NOT_A_VERB == T_AFTER_POSSESSIVE and chars[previous_start] == 0x73 \
                            and word_end == previous_start - 1 and start - word_start <= CONTRACTION_REACH \
                            and (word_start == 0 or chars[word_start - 1] != 0x5F) \
                            and ascii_letter(chars[word_start]) \
                            and lowercase_ascii(chars, word_start + 1, word_end) \
                            and hash_set_has(contractions, word_hash):
                        flags = 0
            if flags & T_NOT_A_VERB == 0 and lowercase_ascii(chars, start, i) and hash_set_has(verbs, done):
                flags |= T_VERB
            if hash_set_has(marked, done):
                flags |= T_MARKED
            out[3 * count] = start
            out[3 * count + 1] = i
            out[3 * count + 2] = flags
            count += 1
        word_start, word_end, word_hash = previous_start, previous_end, previous_hash
        previous_start, previous_end, previous_hash = start, i, done
    return count


cdef void check_sorted(const uint64_t[::1] values, str name) except *:
    cdef Py_ssize_t i
    for i in range(1, values.shape[0]):
        if values[i - 1] > values[i]:
            raise ValueError(f"{name} must be sorted in increasing order")


cdef class TokenHashSet:
    """A set of token hashes (as ``token_hashes`` gives them), sorted and
    checked once, with the filter ``token_spans_in`` tests every token
    against.  Pass it wherever ``token_spans_in`` takes a sorted hash array:
    a caller making many calls with the same words skips the per-call check.

    >>> verbs = TokenHashSet(token_hashes("said told said"))
    >>> len(verbs), token_spans_in("He said it", verbs).tolist()
    (2, [[3, 7, 0]])
    """
    cdef HashSet hs
    cdef readonly object hashes  # the sorted, unique uint64 array hs points into

    def __init__(self, hashes):
        array = np.unique(np.asarray(hashes, dtype=np.uint64))
        array.flags.writeable = False
        self._hold(array)

    cdef void _hold(self, array) except *:
        cdef const uint64_t[::1] view = array
        self.hashes = array
        hash_set_init(&self.hs, &view[0] if view.shape[0] else NULL, view.shape[0])

    def __len__(self):
        return self.hs.count


cdef TokenHashSet as_token_hash_set(object values, str name):
    """``values`` as a TokenHashSet: itself, an empty set for None, or a
    sorted uint64 array (ValueError if unsorted) held without a copy."""
    cdef TokenHashSet found
    if isinstance(values, TokenHashSet):
        return values
    cdef const uint64_t[::1] view = EMPTY_HASHES if values is None else values
    check_sorted(view, name)
    found = TokenHashSet.__new__(TokenHashSet)
    found._hold(values if values is not None else EMPTY_HASHES)
    return found


EMPTY_HASHES = np.empty(0, dtype=np.uint64)


def token_spans_in(text, sorted_hashes, before_hashes=None, verb_hashes=None, contraction_hashes=None,
                   marked_hashes=None):
    """(k, 3) start, end and TOKEN_* flags of each token of ``text`` whose hash
    (as ``token_hashes`` gives it) is in ``sorted_hashes``, a sorted uint64 array
    (or a TokenHashSet, as each of the other sets may be).
    With ``before_hashes`` (sorted too), TOKEN_AFTER_LISTED marks a token whose
    previous token, past spaces only, has one of those hashes.  With
    ``verb_hashes``, TOKEN_VERB marks a token in lowercase a-z with one of those
    hashes and none of the other flags; a word of ``contraction_hashes`` before
    "’s" (lowercase, or its first letter capitalised: "He’s claiming") makes
    the "’s" a contraction, not a possessive, and clears the token's flags.
    TOKEN_MARKED marks a token with a hash in ``marked_hashes``, whatever its
    other flags (attribution marks the base forms of its cue verbs).
    One pass without the GIL: how attribution finds every cue verb of a text
    and what stands before it.

    >>> wanted = np.sort(token_hashes("said report"))
    >>> token_spans_in("He said, she SAID. The report", wanted, np.sort(token_hashes("the"))).tolist()
    [[3, 7, 0], [13, 17, 1], [23, 29, 4]]
    >>> token_spans_in("He’s said, Trump’s said", wanted, None, np.sort(token_hashes("said")),
    ...                np.sort(token_hashes("he"))).tolist()
    [[5, 9, 16], [19, 23, 8]]
    >>> token_spans_in("a call, he calls", np.sort(token_hashes("call calls")), None, None, None,
    ...                np.sort(token_hashes("call"))).tolist()
    [[2, 6, 32], [11, 16, 0]]
    """
    cdef str s = as_str(text, "text")
    cdef const void* data = PyUnicode_DATA(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(s)
    cdef Py_ssize_t count = 0
    cdef TokenHashSet wanted_set = as_token_hash_set(sorted_hashes, "sorted_hashes")
    cdef TokenHashSet before_set = as_token_hash_set(before_hashes, "before_hashes")
    cdef TokenHashSet verb_set = as_token_hash_set(verb_hashes, "verb_hashes")
    cdef TokenHashSet contraction_set = as_token_hash_set(contraction_hashes, "contraction_hashes")
    cdef TokenHashSet marked_set = as_token_hash_set(marked_hashes, "marked_hashes")
    cdef const HashSet* wanted = &wanted_set.hs
    cdef const HashSet* before = &before_set.hs
    cdef const HashSet* verbs = &verb_set.hs
    cdef const HashSet* contractions = &contraction_set.hs
    cdef const HashSet* marked = &marked_set.hs
    if wanted.count == 0 or length == 0:
        return np.empty((0, 3), dtype=np.int64)
    out = np.empty((length // 2 + 1, 3), dtype=np.int64)
    cdef int64_t[:, ::1] view = out
    with nogil:
        if kind == 1:
            count = token_spans_in_typed(<const unsigned char*>data, length, wanted, before, verbs,
                                         contractions, marked, &view[0, 0])
        elif kind == 2:
            count = token_spans_in_typed(<const unsigned short*>data, length, wanted, before, verbs,
                                         contractions, marked, &view[0, 0])
        else:
            count = token_spans_in_typed(<const uint32_t*>data, length, wanted, before, verbs,
                                         contractions, marked, &view[0, 0])
    return out[:count].copy()


# Words that a full stop ends without ending the sentence ("Rep. Elijah E. Cummings").
_ABBREVIATION_WORDS = (b"Mr", b"Mrs", b"Ms", b"Dr", b"Rep", b"Reps", b"Sen", b"Sens", b"Gov",
                       b"Lt", b"Gen", b"Col", b"Capt", b"Sgt", b"Prof", b"Rev", b"Pres", b"Sec",
                       b"Atty", b"Supt", b"St", b"Jr", b"Sr", b"Jan", b"Feb", b"Aug", b"Sept",
                       b"Oct", b"Nov", b"Dec", b"Vol", b"vs")
cdef const char* ABBREVIATIONS[40]
cdef int ABBREVIATION_COUNT = len(_ABBREVIATION_WORDS)


cdef void _init_abbreviations() noexcept:
    cdef int i
    for i in range(ABBREVIATION_COUNT):
        ABBREVIATIONS[i] = _ABBREVIATION_WORDS[i]  # the tuple keeps the bytes alive


_init_abbreviations()


cdef inline bint ascii_letter(uint32_t c) noexcept nogil:
    return <uint32_t>((c | 0x20) - 0x61) < 26


cdef bint abbreviation_before(const char_t* s, Py_ssize_t dot) noexcept nogil:
    """The word ending at the full stop ``s[dot]`` is an abbreviation: a single
    capital ("E.", "U.S."), the last letter of "a.m."/"p.m.", or a listed title."""
    cdef Py_ssize_t start = dot, k, j
    cdef const char* word
    while start > 0 and ascii_letter(s[start - 1]):
        start -= 1
    if start == dot or dot - start > 4 or (start > 0 and q_word(s[start - 1])):
        return False
    if dot - start == 1:
        if <uint32_t>(s[start] - 0x41) < 26:
            return True
        return start >= 2 and s[start - 1] == 0x2E  # a.m., p.m.
    for k in range(ABBREVIATION_COUNT):
        word = ABBREVIATIONS[k]
        j = 0
        while word[j] != 0 and start + j < dot and s[start + j] == <uint32_t>word[j]:
            j += 1
        if word[j] == 0 and start + j == dot:
            return True
    return False


cdef Py_ssize_t sentence_starts_typed(const char_t* s, Py_ssize_t n, int64_t* out) noexcept nogil:
    cdef Py_ssize_t i, j, k, count = 0
    cdef uint32_t c
    for i in range(n):
        c = s[i]
        if c != 0x2E and c != 0x21 and c != 0x3F:  # . ! ?
            continue
        j = i + 1
        if j < n and (s[j] == 0x22 or s[j] == 0x201D or s[j] == 0x2019 or s[j] == 0x27):
            j += 1
        k = j
        while k < n and q_space(s[k]):
            k += 1
        if k == j or k == n:
            continue
        c = s[k]
        if not (<uint32_t>(c - 0x41) < 26 or c == 0x201C or c == 0x22):
            continue
        if s[i] == 0x2E and abbreviation_before(s, i):
            continue
        out[count] = k
        count += 1
    return count


def sentence_starts(text):
    """Offsets where a sentence starts: after ".", "!" or "?" (and a closing
    quote mark), spaces, then a capital A-Z or an opening double quote.  A full
    stop after an abbreviation ("Mr.", "E.", "U.S.", "a.m.", "Sept.") ends no
    sentence.  One pass without the GIL; an int64 array in increasing order.

    >>> sentence_starts('Rep. Elijah E. Cummings spoke. “Yes.” He left.').tolist()
    [31, 38]
    """
    cdef str s = as_str(text, "text")
    cdef const void* data = PyUnicode_DATA(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(s)
    cdef Py_ssize_t count = 0
    out = np.empty(length // 2 + 1, dtype=np.int64)
    cdef int64_t[::1] view = out
    with nogil:
        if kind == 1:
            count = sentence_starts_typed(<const unsigned char*>data, length, &view[0])
        elif kind == 2:
            count = sentence_starts_typed(<const unsigned short*>data, length, &view[0])
        else:
            count = sentence_starts_typed(<const uint32_t*>data, length, &view[0])
    return out[:count].copy()


# ---------------------------------------------------------------- subjects before a cue
# A hand-written matcher for two of attribution's subject patterns (quotes.py:
# _SUBJECT_NEAR_CUE and _SUBJECT_HEAD), a regex search that costs a few
# microseconds a call in Python's ``re``.  It follows ``re`` step for step:
# the same alternatives in the same order, greedy repeats tried longest first,
# lookarounds as tests, and nothing read at or after the search's end; so it
# finds the speaker the regex finds.  The tests compare the two on generated
# text.  The word lists come from quotes.py, which builds the regexes from them.

SUBJECT_MODES = {"alone": SUBJECT_ALONE, "adverbs": SUBJECT_WITH_ADVERBS, "appositive": SUBJECT_WITH_APPOSITIVE,
                 "name": NAME_AT_END, "sentence": SENTENCE_OPENING}

# The word lists a SubjectMatcher takes, in this order (see quotes.py).
SUBJECT_LISTS = ("pronouns", "titles", "particles", "not_name_quantifiers", "not_name_articles",
                 "determiners", "quantifiers_alone", "contracted", "ends_a_noun_phrase",
                 "prepositions", "articles_and_objects", "adverbs", "day_leads", "weekdays",
                 "period_leads", "periods", "media", "media_with_tail", "media_tail",
                 "statement_owners", "statements", "event_owners", "events", "sentence_adverbs",
                 "lead_ins", "intensifiers", "counts", "time_units", "time_relations",
                 "participle_prepositions")

cdef enum:
    L_PRONOUNS, L_TITLES, L_PARTICLES, L_NOT_NAME_QUANTIFIERS, L_NOT_NAME_ARTICLES
    L_DETERMINERS, L_QUANTIFIERS_ALONE, L_CONTRACTED, L_ENDS_NP, L_PREPOSITIONS, L_ARTICLES
    L_ADVERBS, L_DAY_LEADS, L_WEEKDAYS, L_PERIOD_LEADS, L_PERIODS, L_MEDIA, L_MEDIA_WITH_TAIL
    L_MEDIA_TAIL, L_STATEMENT_OWNERS, L_STATEMENTS, L_EVENT_OWNERS, L_EVENTS
    L_SENTENCE_ADVERBS, L_LEAD_INS, L_INTENSIFIERS, L_COUNTS, L_TIME_UNITS, L_TIME_RELATIONS
    L_PARTICIPLE_PREPOSITIONS
    N_LISTS
    SUBJECT_ALONE = 0            # a speaker, then spaces (_SUBJECT_HEAD)
    SUBJECT_WITH_ADVERBS = 1     # then adverbs ("later", "on Monday") and spaces (_SUBJECT_NEAR_CUE)
    SUBJECT_WITH_APPOSITIVE = 2  # an appositive first, a comma last (_SUBJECT_BEFORE_CUE)
    NAME_AT_END = 3              # only a name, starting anywhere, then the end (_NAME_TAIL)
    SENTENCE_OPENING = 4         # the subject opening a sentence, past its lead-in (_SENTENCE_SUBJECT)
    MAX_LISTED = 128       # words a list may hold: every one may start at the same place
    STACK_WINDOW = 512     # windows up to this long keep their tail table on the stack


cdef struct Words:
    Py_ssize_t count
    const char* text[MAX_LISTED]
    Py_ssize_t length[MAX_LISTED]
    uint64_t first[2]      # the words' first characters (ASCII), as bits: most places start none
    # The words that start with ASCII c, in list order: order[start[c]:start[c + 1]].
    uint8_t order[MAX_LISTED]
    uint8_t start[129]


cdef void index_by_first_char(Words* words) noexcept:
    """Fill ``order`` and ``start``: a counting sort of the words by first character, stable."""
    cdef int k, c, m
    cdef int next_slot[128]
    for c in range(129):
        words.start[c] = 0
    for k in range(words.count):
        words.start[<unsigned char>words.text[k][0] + 1] += 1
    for c in range(128):
        words.start[c + 1] += words.start[c]
    for c in range(128):
        next_slot[c] = words.start[c]
    for k in range(words.count):
        c = <unsigned char>words.text[k][0]
        m = next_slot[c]
        words.order[m] = k
        next_slot[c] = m + 1


cdef inline bint may_start_listed(const Span* s, const Words* words, Py_ssize_t i) noexcept nogil:
    cdef uint32_t c
    if not 0 <= i < s.at:
        return False
    c = sp_char(s, i)
    return c < 128 and (words.first[c >> 6] >> (c & 63)) & 1


cdef struct Span:
    const void* data
    unsigned int kind
    Py_ssize_t lo          # where the search starts; lookbehinds read before it
    Py_ssize_t at          # the search's end: nothing at or after it is read
    int mode               # one of the modes above
    uint8_t* rest          # rest[p - lo]: text[p:at] is what may follow a speaker (its adverbs)
    uint8_t* appositive    # appositive[p - lo]: 0 not known yet, 1 no, 2 an appositive and a rest follow
    const Words* lists


cdef inline uint32_t sp_char(const Span* s, Py_ssize_t i) noexcept nogil:
    return read_char(s.data, s.kind, i)


cdef inline bint word_char(uint32_t c) noexcept nogil:
    return c == 0x5F or Py_UNICODE_ISALNUM(c)


cdef inline bint sp_word(const Span* s, Py_ssize_t i) noexcept nogil:
    """``\\w`` at i."""
    return 0 <= i < s.at and word_char(sp_char(s, i))


cdef inline bint sp_space(const Span* s, Py_ssize_t i) noexcept nogil:
    return 0 <= i < s.at and Py_UNICODE_ISSPACE(sp_char(s, i))


cdef inline Py_ssize_t sp_spaces(const Span* s, Py_ssize_t i) noexcept nogil:
    """End of the run of spaces at i (``\\s*``, greedy)."""
    while sp_space(s, i):
        i += 1
    return i


cdef inline bint sp_is(const Span* s, Py_ssize_t i, uint32_t c) noexcept nogil:
    return 0 <= i < s.at and sp_char(s, i) == c


cdef inline bint sp_apostrophe(const Span* s, Py_ssize_t i) noexcept nogil:
    return sp_is(s, i, 0x27) or sp_is(s, i, 0x2019)


cdef inline bint upper_name_char(uint32_t c) noexcept nogil:
    """[A-ZÀ-ÖØ-Þ]"""
    return <uint32_t>(c - 0x41) < 26 or <uint32_t>(c - 0xC0) <= 0xD6 - 0xC0 \
        or <uint32_t>(c - 0xD8) <= 0xDE - 0xD8


cdef inline bint name_char(uint32_t c) noexcept nogil:
    """[^\\W\\d_] or ' ’ -: what a capitalised word goes on with."""
    return c == 0x27 or c == 0x2019 or c == 0x2D or \
        (c != 0x5F and Py_UNICODE_ISALNUM(c) and not Py_UNICODE_ISDECIMAL(c))


cdef inline bint phrase_char(uint32_t c) noexcept nogil:
    """[\\w'’-]: a word of a noun phrase."""
    return c == 0x27 or c == 0x2019 or c == 0x2D or word_char(c)


cdef inline bint sp_lower(const Span* s, Py_ssize_t i) noexcept nogil:
    """[a-z] at i."""
    return 0 <= i < s.at and <uint32_t>(sp_char(s, i) - 0x61) < 26


cdef inline bint sp_literal(const Span* s, Py_ssize_t i, const char* word, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t k
    if i < 0 or i + n > s.at:
        return False
    for k in range(n):
        if sp_char(s, i + k) != <uint32_t><unsigned char>word[k]:
            return False
    return True


cdef int listed_ends(const Span* s, int which, Py_ssize_t i, Py_ssize_t* ends) noexcept nogil:
    """Ends of the listed words that start at i (no boundary test), longest
    first, as the regex's alternation tries them."""
    cdef const Words* words = &s.lists[which]
    cdef int count = 0, k, j, m
    cdef Py_ssize_t end
    cdef uint32_t c
    if not may_start_listed(s, words, i):
        return 0
    c = sp_char(s, i)
    for m in range(words.start[c], words.start[c + 1]):
        k = words.order[m]
        if sp_literal(s, i, words.text[k], words.length[k]):
            end = i + words.length[k]
            j = count
            while j > 0 and ends[j - 1] < end:
                ends[j] = ends[j - 1]
                j -= 1
            ends[j] = end
            count += 1
    return count


cdef bint listed_word(const Span* s, int which, Py_ssize_t i) noexcept nogil:
    """A listed word starts at i and ends at a word boundary (``(?:…)\\b``)."""
    cdef const Words* words = &s.lists[which]
    cdef int k, m
    cdef uint32_t c
    if not may_start_listed(s, words, i):
        return False
    c = sp_char(s, i)
    for m in range(words.start[c], words.start[c + 1]):
        k = words.order[m]
        if sp_literal(s, i, words.text[k], words.length[k]) and not sp_word(s, i + words.length[k]):
            return True
    return False


cdef Py_ssize_t listed_then_spaces(const Span* s, int which, Py_ssize_t i) noexcept nogil:
    """Where ``(?:…)\\s+`` ends from i, or -1.  Only one listed word can end
    right before a space: none is another one plus letters."""
    cdef Py_ssize_t ends[MAX_LISTED]
    cdef int n = listed_ends(s, which, i, ends), k
    for k in range(n):
        if sp_space(s, ends[k]):
            return sp_spaces(s, ends[k])
    return -1


# ------------------------------------------------ what follows a speaker: adverbs, then spaces
cdef inline bint rest_ok(const Span* s, Py_ssize_t p) noexcept nogil:
    return s.lo <= p <= s.at and s.rest[p - s.lo]


cdef bint listed_reaches(const Span* s, int which, Py_ssize_t i, bint bounded) noexcept nogil:
    """A listed word at i (ending at a word boundary if ``bounded``) is followed by a tail."""
    cdef Py_ssize_t ends[MAX_LISTED]
    cdef int n = listed_ends(s, which, i, ends), k
    for k in range(n):
        if (not bounded or not sp_word(s, ends[k])) and rest_ok(s, ends[k]):
            return True
    return False


cdef bint owned_noun_reaches(const Span* s, Py_ssize_t q, int owners, int nouns) noexcept nogil:
    """(?:OWNER)\\s+(?:\\w+\\s+)?(?:NOUN) from q, then a tail."""
    cdef Py_ssize_t t = listed_then_spaces(s, owners, q), r
    if t < 0:
        return False
    r = t  # with a word in between ("in a written statement"), then without
    while sp_word(s, r):
        r += 1
    if r > t and sp_space(s, r) and listed_reaches(s, nouns, sp_spaces(s, r), False):
        return True
    return listed_reaches(s, nouns, t, False)


cdef bint unit_reaches(const Span* s, Py_ssize_t q) noexcept nogil:
    """One of _ADVERB's units starts at q and a tail follows it."""
    cdef Py_ssize_t ends[MAX_LISTED]
    cdef Py_ssize_t r, t
    cdef int n, k
    if listed_reaches(s, L_ADVERBS, q, False):  # "later", "went on to"
        return True
    r = q  # [a-z]+ly
    while sp_lower(s, r):
        r += 1
        if r - q >= 3 and sp_is(s, r - 2, 0x6C) and sp_is(s, r - 1, 0x79) and rest_ok(s, r):
            return True
    t = listed_then_spaces(s, L_DAY_LEADS, q)  # (?:on\s+|last\s+|this\s+)?WEEKDAY\b
    if (t >= 0 and listed_reaches(s, L_WEEKDAYS, t, True)) or listed_reaches(s, L_WEEKDAYS, q, True):
        return True
    t = listed_then_spaces(s, L_PERIOD_LEADS, q)  # (?:last|this|next)\s+(?:week|…)
    if t >= 0 and listed_reaches(s, L_PERIODS, t, False):
        return True
    if sp_literal(s, q, b"on", 2) and sp_space(s, q + 2):  # on\s+(?:Twitter|…|Fox(?:\s+News)?|…)
        t = sp_spaces(s, q + 2)
        if listed_reaches(s, L_MEDIA, t, False):
            return True
        n = listed_ends(s, L_MEDIA_WITH_TAIL, t, ends)
        for k in range(n):
            if rest_ok(s, ends[k]) or (sp_space(s, ends[k]) and
                                       listed_reaches(s, L_MEDIA_TAIL, sp_spaces(s, ends[k]), False)):
                return True
    if sp_literal(s, q, b"in", 2) and sp_space(s, q + 2) and \
            owned_noun_reaches(s, sp_spaces(s, q + 2), L_STATEMENT_OWNERS, L_STATEMENTS):
        return True
    return sp_literal(s, q, b"at", 2) and sp_space(s, q + 2) and \
        owned_noun_reaches(s, sp_spaces(s, q + 2), L_EVENT_OWNERS, L_EVENTS)


cdef bint rest_ends_here(const Span* s, Py_ssize_t p) noexcept nogil:
    """text[p:at] is ``\s*``, or ``,?\s*`` after an appositive's adverbs."""
    if s.mode == NAME_AT_END:  # ``$``: the end, or a newline that ends the text
        return p == s.at or (p == s.at - 1 and sp_is(s, p, 0x0A))
    if s.mode == SENTENCE_OPENING:
        return opening_subject_tail(s, p)
    if s.mode == SUBJECT_WITH_APPOSITIVE and sp_is(s, p, 0x2C):
        p += 1
    return sp_spaces(s, p) == s.at


cdef void fill_rest(Span* s) noexcept nogil:
    """rest[p - lo] for every p in [lo, at]: text[p:at] is ``(?:\s+UNIT)*``
    (adverbs, but for SUBJECT_ALONE) then the end (rest_ends_here).  Right
    to left, since a unit ends later."""
    cdef Py_ssize_t p = s.at
    while p >= s.lo:
        s.rest[p - s.lo] = rest_ends_here(s, p) or (
            (s.mode == SUBJECT_WITH_ADVERBS or s.mode == SUBJECT_WITH_APPOSITIVE)
            and sp_space(s, p) and unit_reaches(s, sp_spaces(s, p)))
        p -= 1


cdef bint appositive_reaches(const Span* s, Py_ssize_t e) noexcept nogil:
    """_APPOSITIVE at e, then the rest: ",[^!?"“”]{1,200}?,(?:''|’’)?" or
    "\s*[—–]\s*[^!?"“”—–]{1,200}?\s*[—–]"."""
    cdef Py_ssize_t c, d, segment, lead, trail
    cdef uint32_t ch
    if sp_is(s, e, 0x2C):
        c = e + 1
        while c < s.at and c - e <= 201:
            ch = sp_char(s, c)
            if ch == 0x21 or ch == 0x3F or ch == 0x22 or ch == 0x201C or ch == 0x201D:
                break
            if ch == 0x2C and c - e >= 2 and (
                    ((sp_literal(s, c + 1, b"''", 2) or (sp_is(s, c + 1, 0x2019) and sp_is(s, c + 2, 0x2019)))
                     and rest_ok(s, c + 3)) or rest_ok(s, c + 1)):
                return True
            c += 1
    d = sp_spaces(s, e)
    if not (sp_is(s, d, 0x2014) or sp_is(s, d, 0x2013)):
        return False
    # the text between the dashes: a body of 1-200 characters, with spaces on
    # either side that the body may take or leave
    c = d + 1
    while c < s.at:
        ch = sp_char(s, c)
        if ch == 0x21 or ch == 0x3F or ch == 0x22 or ch == 0x201C or ch == 0x201D:
            return False
        if ch == 0x2014 or ch == 0x2013:
            break
        c += 1
    if c >= s.at:
        return False
    segment = c - d - 1
    lead = sp_spaces(s, d + 1) - (d + 1)
    trail = 0
    while trail < segment - lead and sp_space(s, c - 1 - trail):
        trail += 1
    return segment >= 1 and max(1, segment - lead - trail) <= 200 and rest_ok(s, c + 1)


cdef bint speaker_tail_ok(Span* s, Py_ssize_t e) noexcept nogil:
    """What follows a speaker ending at e may: its rest, or first an appositive."""
    if rest_ok(s, e):
        return True
    if s.mode != SUBJECT_WITH_APPOSITIVE or not s.lo <= e <= s.at:
        return False
    if s.appositive[e - s.lo] == 0:
        s.appositive[e - s.lo] = 2 if appositive_reaches(s, e) else 1
    return s.appositive[e - s.lo] == 2


# ------------------------------------------------ the speaker, then the tail
cdef inline Py_ssize_t capital_run_end(Span* s, Py_ssize_t i) noexcept nogil:
    """End of _CAP's word at i ([A-ZÀ-ÖØ-Þ] then letters ' ’ -), or -1."""
    if not (0 <= i < s.at and upper_name_char(sp_char(s, i))):
        return -1
    i += 1
    while i < s.at and name_char(sp_char(s, i)):
        i += 1
    return i


cdef Py_ssize_t party_tag_end(Span* s, Py_ssize_t i) noexcept nogil:
    """\\s*\\([A-Z]{1,3}(?:-[A-Z][\\w.]*)?\\) at i: its end, or -1."""
    cdef Py_ssize_t r = sp_spaces(s, i), k
    if not sp_is(s, r, 0x28):
        return -1
    r += 1
    k = r
    while k - r < 3 and 0 <= k < s.at and <uint32_t>(sp_char(s, k) - 0x41) < 26:
        k += 1
    if k == r:
        return -1
    if sp_is(s, k, 0x2D):
        if not (k + 1 < s.at and <uint32_t>(sp_char(s, k + 1) - 0x41) < 26):
            return -1
        r = k + 2
        while r < s.at and (sp_char(s, r) == 0x2E or word_char(sp_char(s, r))):
            r += 1
        return r + 1 if sp_is(s, r, 0x29) else -1
    return k + 1 if sp_is(s, k, 0x29) else -1


ctypedef Py_ssize_t (*AfterCap)(Span* s, Py_ssize_t end, int more) noexcept nogil


cdef Py_ssize_t each_cap(Span* s, Py_ssize_t i, int more, AfterCap then) noexcept nogil:
    """_CAP at i, each way it can end ("E." first, then the word longest
    first), followed by ``then``: the first end ``then`` finds, or -1."""
    cdef Py_ssize_t r, found
    if sp_is(s, i + 1, 0x2E) and 0 <= i < s.at and upper_name_char(sp_char(s, i)):
        found = then(s, i + 2, more)
        if found >= 0:
            return found
    r = capital_run_end(s, i)
    while r > i:
        found = then(s, r, more)
        if found >= 0:
            return found
        r -= 1
    return -1


cdef inline Py_ssize_t cap_then(Span* s, Py_ssize_t i, int repeats) noexcept nogil:
    """_CAP at i, then name_rest."""
    return each_cap(s, i, repeats, name_rest)


cdef Py_ssize_t name_rest(Span* s, Py_ssize_t i, int repeats) noexcept nogil:
    """(?:\\s+(?:PARTICLE\\s+)?CAP){0,repeats}(?:PARTY_TAG)? then a tail, from i:
    the speaker's end, or -1."""
    cdef Py_ssize_t r, found
    if repeats > 0 and sp_space(s, i):
        r = sp_spaces(s, i)
        # a particle is lowercase: a CAP cannot start where one does
        found = listed_then_spaces(s, L_PARTICLES, r)
        found = cap_then(s, found if found >= 0 else r, repeats - 1)
        if found >= 0:
            return found
    r = suffix_end(s, i)
    if r >= 0:
        found = party_tag_end(s, r)
        if found >= 0 and speaker_tail_ok(s, found):
            return found
        if speaker_tail_ok(s, r):
            return r
    r = party_tag_end(s, i)
    if r >= 0 and speaker_tail_ok(s, r):
        return r
    return i if speaker_tail_ok(s, i) else -1


cdef Py_ssize_t suffix_end(Span* s, Py_ssize_t i) noexcept nogil:
    """_NAME_SUFFIX at i (" Jr.", " Sr."): its end, or -1."""
    cdef Py_ssize_t j
    if not sp_space(s, i):
        return -1
    j = sp_spaces(s, i)
    if (sp_is(s, j, 0x4A) or sp_is(s, j, 0x53)) and sp_is(s, j + 1, 0x72) and sp_is(s, j + 2, 0x2E):
        return j + 3
    return -1


cdef Py_ssize_t name_end(Span* s, Py_ssize_t i) noexcept nogil:
    """_NAME at i, then a tail: the speaker's end, or -1."""
    cdef Py_ssize_t ends[MAX_LISTED]
    cdef Py_ssize_t r, found
    cdef int n, k
    # _NOT_A_NAME_START: "Another source", "The ", "A ", "An "
    r = listed_then_spaces(s, L_NOT_NAME_QUANTIFIERS, i)
    if r >= 0 and sp_lower(s, r):
        return -1
    n = listed_ends(s, L_NOT_NAME_ARTICLES, i, ends)
    for k in range(n):
        if sp_space(s, ends[k]):
            return -1
    r = listed_then_spaces(s, L_TITLES, i)  # with a title first ("Rep. "), then without
    if r >= 0:
        found = cap_then(s, r, 4)
        if found >= 0:
            return found
    return cap_then(s, i, 4)


cdef inline Py_ssize_t phrase_run_end(Span* s, Py_ssize_t i) noexcept nogil:
    while 0 <= i < s.at and phrase_char(sp_char(s, i)):
        i += 1
    return i


cdef bint phrase_word_allowed(Span* s, Py_ssize_t i) noexcept nogil:
    """_NP_WORD's lookaheads at i."""
    cdef Py_ssize_t r, j
    if listed_word(s, L_ENDS_NP, i):
        return False
    r = phrase_run_end(s, i)
    for j in range(i + 3, r + 1):  # (?![\w'’-]+ly\b)
        if sp_char(s, j - 2) == 0x6C and sp_char(s, j - 1) == 0x79 and not sp_word(s, j):
            return False
    # a word with an article or object after it is a verb ("passed the"), unless a preposition
    return not (r > i and sp_space(s, r) and not listed_word(s, L_PREPOSITIONS, i)
                and listed_word(s, L_ARTICLES, sp_spaces(s, r)))


cdef Py_ssize_t phrase_words_end(Span* s, Py_ssize_t i, int more) noexcept nogil:
    """(?:NP_WORD\\s+){0,more}NP_WORD then a tail, from i: the end, or -1."""
    cdef Py_ssize_t r, found
    if not phrase_word_allowed(s, i):
        return -1
    r = phrase_run_end(s, i)
    if more > 0 and sp_space(s, r):
        found = phrase_words_end(s, sp_spaces(s, r), more - 1)
        if found >= 0:
            return found
    while r > i:  # the last word, longest first
        if speaker_tail_ok(s, r):
            return r
        r -= 1
    return -1


cdef Py_ssize_t possessive_after_cap(Span* s, Py_ssize_t r, int more) noexcept nogil:
    """(?:\s+CAP){0,more}['’]s\s+ then up to three phrase words, from a CAP's end r."""
    cdef Py_ssize_t found
    if more > 0 and sp_space(s, r):
        found = possessive_caps(s, sp_spaces(s, r), more - 1)
        if found >= 0:
            return found
    if sp_apostrophe(s, r) and sp_is(s, r + 1, 0x73) and sp_space(s, r + 2):
        return phrase_words_end(s, sp_spaces(s, r + 2), 2)
    return -1


cdef inline Py_ssize_t possessive_caps(Span* s, Py_ssize_t i, int more) noexcept nogil:
    """CAP(?:\s+CAP){0,more}['’]s\s+ then up to three phrase words, from i."""
    return each_cap(s, i, more, possessive_after_cap)


cdef Py_ssize_t possessive_end(Span* s, Py_ssize_t i) noexcept nogil:
    """_POSSESSIVE_PHRASE at i ("Clinton’s campaign"), then a tail."""
    cdef Py_ssize_t ends[MAX_LISTED]
    cdef int n = listed_ends(s, L_CONTRACTED, i, ends), k
    for k in range(n):  # "It’s", "That's": a contraction
        if sp_apostrophe(s, ends[k]) and sp_is(s, ends[k] + 1, 0x73) and not sp_word(s, ends[k] + 2):
            return -1
    return possessive_caps(s, i, 2)


cdef Py_ssize_t speaker_end(Span* s, Py_ssize_t i) noexcept nogil:
    """_SPEAKER at i, then a tail: the speaker's end, or -1."""
    cdef Py_ssize_t ends[MAX_LISTED]
    cdef Py_ssize_t found, r
    cdef int n, k
    n = listed_ends(s, L_PRONOUNS, i, ends)
    for k in range(n):
        if speaker_tail_ok(s, ends[k]):
            return ends[k]
    found = possessive_end(s, i)
    if found < 0:
        found = name_end(s, i)
    if found < 0:
        r = listed_then_spaces(s, L_DETERMINERS, i)
        if r >= 0:
            found = phrase_words_end(s, r, 3)
    if found < 0:
        n = listed_ends(s, L_QUANTIFIERS_ALONE, i, ends)
        for k in range(n):
            if not sp_word(s, ends[k]) and speaker_tail_ok(s, ends[k]):
                return ends[k]
    return found


cdef inline bint subject_may_start(Span* s, Py_ssize_t i) noexcept nogil:
    """_AT_SUBJECT_START: (?<![\\w'’])(?=[A-ZÀ-ÖØ-Þhstiwaom])"""
    cdef uint32_t c
    if i > 0:
        c = sp_char(s, i - 1)
        if word_char(c) or c == 0x27 or c == 0x2019:
            return False
    c = sp_char(s, i)
    return upper_name_char(c) or c == 0x68 or c == 0x73 or c == 0x74 or c == 0x69 or c == 0x77 \
        or c == 0x61 or c == 0x6F or c == 0x6D


# ------------------------------------------------ the subject opening a sentence
cdef bint opening_subject_tail(const Span* s, Py_ssize_t p) noexcept nogil:
    """What may follow a sentence's subject at p: (?=\\s+[a-z]|\\s*[,(]|\\s+[—–]|
    ['’](?:s|re|ve|ll|d)\\s+[a-z])."""
    cdef Py_ssize_t t = sp_spaces(s, p), r
    if t > p and (sp_lower(s, t) or sp_is(s, t, 0x2014) or sp_is(s, t, 0x2013)):
        return True
    if sp_is(s, t, 0x2C) or sp_is(s, t, 0x28):
        return True
    if not sp_apostrophe(s, p):
        return False
    if sp_is(s, p + 1, 0x73) or sp_is(s, p + 1, 0x64):  # ’s ’d
        r = p + 2
    elif sp_literal(s, p + 1, b"re", 2) or sp_literal(s, p + 1, b"ve", 2) or sp_literal(s, p + 1, b"ll", 2):
        r = p + 3
    else:
        return False
    return sp_space(s, r) and sp_lower(s, sp_spaces(s, r))


cdef inline Py_ssize_t word_run_end(const Span* s, Py_ssize_t i) noexcept nogil:
    while sp_word(s, i):
        i += 1
    return i


cdef inline bint same_letter_ignoring_case(uint32_t c, uint32_t letter) noexcept nogil:
    """c matches the ASCII lowercase ``letter`` as ``re`` does under IGNORECASE
    (by its simple lowercase; "ı" counts as "i" and "ſ" as "s")."""
    cdef uint32_t low = Py_UNICODE_TOLOWER(c)
    return low == letter or (letter == 0x69 and low == 0x131) or (letter == 0x73 and low == 0x17F)


cdef bint run_is_listed(const Span* s, int which, Py_ssize_t i, Py_ssize_t end, bint ignore_case) noexcept nogil:
    """text[i:end] is a word of list ``which`` (compared as IGNORECASE does, if asked)."""
    cdef const Words* words = &s.lists[which]
    cdef int k
    cdef Py_ssize_t j
    cdef uint32_t c, w
    for k in range(words.count):
        if words.length[k] != end - i:
            continue
        for j in range(end - i):
            c = sp_char(s, i + j)
            w = <unsigned char>words.text[k][j]
            if not (same_letter_ignoring_case(c, ascii_lower(w)) if ignore_case else c == w):
                break
        else:
            return True
    return False


cdef Py_ssize_t spaced_word_end(const Span* s, const char* word, Py_ssize_t n, Py_ssize_t i) noexcept nogil:
    """``word`` at i, each space in it standing for \\s+: its end, or -1."""
    cdef Py_ssize_t j
    for j in range(n):
        if word[j] == 0x20:
            if not sp_space(s, i):
                return -1
            i = sp_spaces(s, i)
        elif 0 <= i < s.at and sp_char(s, i) == <uint32_t><unsigned char>word[j]:
            i += 1
        else:
            return -1
    return i


cdef inline Py_ssize_t spaces_after(const Span* s, Py_ssize_t i) noexcept nogil:
    """\\s+ at i: its end, or -1."""
    return sp_spaces(s, i) if i >= 0 and sp_space(s, i) else -1


cdef inline Py_ssize_t comma_then_spaces(const Span* s, Py_ssize_t i) noexcept nogil:
    """,?\\s+ at i (a comma taken only if spaces follow it): the end, or -1."""
    return spaces_after(s, i + 1) if sp_is(s, i, 0x2C) and sp_space(s, i + 1) else spaces_after(s, i)


cdef inline Py_ssize_t word_or_dot_run_end(const Span* s, Py_ssize_t i) noexcept nogil:
    """[\\w.]* at i: its end."""
    while 0 <= i < s.at and (word_char(sp_char(s, i)) or sp_char(s, i) == 0x2E):
        i += 1
    return i


cdef Py_ssize_t comma_clause_end(const Span* s, Py_ssize_t w, Py_ssize_t reach) noexcept nogil:
    """[^,]{0,reach}, at w: the end, past the comma, or -1."""
    cdef Py_ssize_t c = w
    while w >= 0 and c < s.at and c - w <= reach:
        if sp_char(s, c) == 0x2C:
            return c + 1
        c += 1
    return -1


cdef Py_ssize_t closing_then_spaces(const Span* s, Py_ssize_t p) noexcept nogil:
    """[”"’']?\\s+ at p: the end, or -1."""
    cdef uint32_t c
    if p < 0:
        return -1
    if 0 <= p < s.at:
        c = sp_char(s, p)
        if (c == 0x201D or c == 0x22 or c == 0x2019 or c == 0x27) and sp_space(s, p + 1):
            return sp_spaces(s, p + 1)
    return spaces_after(s, p)


cdef Py_ssize_t capital_word_ending(const Span* s, Py_ssize_t q, uint32_t a, uint32_t b) noexcept nogil:
    """[A-Z][a-z]+ then a, b ("ly", "ed") at q, ending where the run of
    [a-z] does (nothing after it could follow a shorter match): its end, or -1."""
    cdef Py_ssize_t e = q + 1
    if not (0 <= q < s.at and <uint32_t>(sp_char(s, q) - 0x41) < 26):
        return -1
    while sp_lower(s, e):
        e += 1
    if e - q - 1 >= 3 and sp_is(s, e - 2, a) and sp_is(s, e - 1, b):
        return e
    return -1


cdef inline Py_ssize_t speaker_from(Span* s, Py_ssize_t r, Py_ssize_t* start) noexcept nogil:
    """_SPEAKER at r and its tail: the end (r in *start), or -1."""
    cdef Py_ssize_t end
    if r < 0:
        return -1
    end = speaker_end(s, r)
    if end >= 0:
        start[0] = r
    return end


cdef Py_ssize_t after_lead_in_word(const Span* s, Py_ssize_t j) noexcept nogil:
    """(?i:LEAD_IN)\\b[^,]{0,120},[”"’']?\\s+ at j: the end, or -1."""
    cdef Py_ssize_t e = word_run_end(s, j)
    if j < 0 or e == j or not run_is_listed(s, L_LEAD_INS, j, e, True):
        return -1
    return closing_then_spaces(s, comma_clause_end(s, e, 120))


cdef Py_ssize_t after_time_relation(const Span* s, Py_ssize_t e) noexcept nogil:
    """\\s+(?:after|before|…)\\b[^,]{0,120},[”"’']?\\s+ at e: the first end, or -1."""
    cdef const Words* words = &s.lists[L_TIME_RELATIONS]
    cdef Py_ssize_t r = spaces_after(s, e), found
    cdef int k
    if r < 0:
        return -1
    for k in range(words.count):
        if sp_literal(s, r, words.text[k], words.length[k]) and not sp_word(s, r + words.length[k]):
            found = closing_then_spaces(s, comma_clause_end(s, r + words.length[k], 120))
            if found >= 0:
                return found
    return -1


cdef Py_ssize_t counted_time_then_speaker(Span* s, Py_ssize_t e, Py_ssize_t* start) noexcept nogil:
    """\\s+(?:years?|months?|…), then a time relation, then the speaker, after a count ending at e."""
    cdef const Words* units = &s.lists[L_TIME_UNITS]
    cdef Py_ssize_t u = spaces_after(s, e), v, found
    cdef int k
    if u < 0:
        return -1
    for k in range(units.count):
        if sp_literal(s, u, units.text[k], units.length[k]):
            v = u + units.length[k]
            found = speaker_from(s, after_time_relation(s, v + 1 if sp_is(s, v, 0x73) else v), start)
            if found >= 0:
                return found
    return -1


cdef Py_ssize_t dateline_then_speaker(Span* s, Py_ssize_t q, Py_ssize_t* start) noexcept nogil:
    """[A-Z][\\w.]*(?:[ ,]+[A-Z0-9][\\w.]*){0,4}\\s*(?:\\([A-Za-z]+\\)\\s*)?[—–-]\\s+ at q,
    then the speaker; the words tried most first, as the greedy repeat does."""
    cdef Py_ssize_t ends[5]
    cdef Py_ssize_t t, x, y, z, found
    cdef int n = 0, j, k
    cdef uint32_t c
    if not (0 <= q < s.at and <uint32_t>(sp_char(s, q) - 0x41) < 26):
        return -1
    ends[0] = word_or_dot_run_end(s, q + 1)
    while n < 4:
        t = ends[n]
        while 0 <= t < s.at and (sp_char(s, t) == 0x20 or sp_char(s, t) == 0x2C):
            t += 1
        if t == ends[n] or t >= s.at:
            break
        c = sp_char(s, t)
        if not (<uint32_t>(c - 0x41) < 26 or <uint32_t>(c - 0x30) < 10):
            break
        n += 1
        ends[n] = word_or_dot_run_end(s, t + 1)
    for j in range(n, -1, -1):
        x = sp_spaces(s, ends[j])
        y = -1
        if sp_is(s, x, 0x28):  # a party or agency: "(AFP)"
            t = x + 1
            while 0 <= t < s.at and <uint32_t>((sp_char(s, t) | 0x20) - 0x61) < 26:
                t += 1
            if t > x + 1 and sp_is(s, t, 0x29):
                y = sp_spaces(s, t + 1)
        for k in range(2):
            z = y if k == 0 else x
            if z >= 0 and (sp_is(s, z, 0x2014) or sp_is(s, z, 0x2013) or sp_is(s, z, 0x2D)):
                found = speaker_from(s, spaces_after(s, z + 1), start)
                if found >= 0:
                    return found
    return -1


cdef Py_ssize_t lead_in_then_speaker(Span* s, Py_ssize_t q, Py_ssize_t* start) noexcept nogil:
    """From q (past a sentence adverb, if any): each of _SENTENCE_SUBJECT's
    lead-ins in its order, then none, then the speaker: the speaker's end
    (its start in *start), or -1."""
    cdef const Words* words = &s.lists[L_INTENSIFIERS]
    cdef Py_ssize_t ly = capital_word_ending(s, q, 0x6C, 0x79)  # "Immediately", "Finally"
    cdef Py_ssize_t e, c, found
    cdef int k
    # "Even before the vote, ": an intensifier or not, a lead-in word, a comma
    for k in range(words.count):
        e = spaces_after(s, spaced_word_end(s, words.text[k], words.length[k], q))
        found = speaker_from(s, after_lead_in_word(s, e), start)
        if found >= 0:
            return found
    found = speaker_from(s, after_lead_in_word(s, q), start)
    if found >= 0:
        return found
    # "Immediately after the attacks, ", "Two years before it, "
    found = speaker_from(s, after_time_relation(s, ly), start)
    if found >= 0:
        return found
    words = &s.lists[L_COUNTS]
    for k in range(words.count):
        e = spaced_word_end(s, words.text[k], words.length[k], q)
        if e >= 0:
            found = counted_time_then_speaker(s, e, start)
            if found >= 0:
                return found
    e = q
    while 0 <= e < s.at and Py_UNICODE_ISDECIMAL(sp_char(s, e)):
        e += 1
    if e > q:
        found = counted_time_then_speaker(s, e, start)
        if found >= 0:
            return found
    # "Finally, ", "Reportedly "
    if ly >= 0:
        found = speaker_from(s, comma_then_spaces(s, ly), start)
        if found >= 0:
            return found
    # "Reached by POLITICO, "
    e = spaces_after(s, capital_word_ending(s, q, 0x65, 0x64))
    if e >= 0:
        words = &s.lists[L_PARTICIPLE_PREPOSITIONS]
        for k in range(words.count):
            if sp_literal(s, e, words.text[k], words.length[k]) and not sp_word(s, e + words.length[k]):
                c = comma_clause_end(s, e + words.length[k], 80)
                found = speaker_from(s, spaces_after(s, c), start)
                if found >= 0:
                    return found
    found = dateline_then_speaker(s, q, start)
    if found >= 0:
        return found
    return speaker_from(s, q, start)


cdef Py_ssize_t opening_subject_end(Span* s, Py_ssize_t lo, Py_ssize_t* start) noexcept nogil:
    """_SENTENCE_SUBJECT matched at lo: spaces, a sentence adverb ("But",
    "Moreover,") or not, a lead-in or not, the subject; its end, or -1."""
    cdef Py_ssize_t p = sp_spaces(s, lo), e, q, found
    e = word_run_end(s, p)
    if e > p and run_is_listed(s, L_SENTENCE_ADVERBS, p, e, False):
        q = comma_then_spaces(s, e)
        if q >= 0:
            found = lead_in_then_speaker(s, q, start)
            if found >= 0:
                return found
    return lead_in_then_speaker(s, p, start)


cdef inline bint breaks_a_subject(uint32_t c) noexcept nogil:
    """[^\\w\\s'’.()-]: a character no subject or adverb holds."""
    return not (word_char(c) or Py_UNICODE_ISSPACE(c) or c == 0x27 or c == 0x2019 or c == 0x2E
                or c == 0x28 or c == 0x29 or c == 0x2D)


cdef class SubjectMatcher:
    """The subject that runs up to a cue verb: the leftmost speaker mention
    in ``text[lo:at]`` (a pronoun, a possessive phrase, a name with its title
    and party tag, a noun phrase, a quantifier) that only spaces follow
    (mode "alone"), or adverbs ("later", "on Tuesday", "in a statement"),
    or also first an appositive ("X, a senior official,") and last a comma
    ("appositive").  What quotes.py's _SUBJECT_HEAD, _SUBJECT_NEAR_CUE and
    _SUBJECT_BEFORE_CUE find, without the regex engine.  Mode "name" is
    _NAME_TAIL's search instead: the leftmost name (a title, capitalised
    words, a party tag; no other kind of speaker) that ends the text; mode
    "sentence" is _SENTENCE_SUBJECT's match at lo: the subject opening the
    text past a sentence adverb and a lead-in ("But on Tuesday, Peskov said").
    Built once from the word lists named in SUBJECT_LISTS (ASCII words, at
    most 128 a list).

    >>> lists = {name: () for name in SUBJECT_LISTS}
    >>> lists["pronouns"] = ("He", "he")
    >>> SubjectMatcher(lists).before("Yesterday, Dmitry Peskov said", 0, 25)
    (11, 24)
    >>> SubjectMatcher(lists).before("“No!” Peskov, a spokesman, said", 0, 27, "appositive")
    (6, 12)
    >>> SubjectMatcher(lists).before("Kremlin spokesperson Dmitry Peskov", 0, 34, "name")
    (21, 34)
    """
    cdef Words lists[N_LISTS]
    cdef tuple keep  # the bytes the lists point into

    def __init__(self, dict lists):
        cdef int which, k
        keep = []
        for which, name in enumerate(SUBJECT_LISTS):
            words = tuple(lists[name])
            if len(words) > MAX_LISTED:
                raise ValueError(f"subject list {name!r} holds {len(words)} words; at most {MAX_LISTED}")
            self.lists[which].count = len(words)
            self.lists[which].first[0] = self.lists[which].first[1] = 0
            for k, word in enumerate(words):
                if not isinstance(word, str) or not word or not word.isascii():
                    raise ValueError(f"subject list {name!r}: {word!r} is not a non-empty ASCII word")
                data = word.encode("ascii")
                keep.append(data)
                self.lists[which].text[k] = data
                self.lists[which].length[k] = len(data)
                self.lists[which].first[data[0] >> 6] |= (<uint64_t>1) << (data[0] & 63)
            index_by_first_char(&self.lists[which])
        self.keep = tuple(keep)

    def before(self, str text, Py_ssize_t lo, Py_ssize_t at, str mode="adverbs"):
        """(start, end) of the subject in ``text[lo:at]``, or None.  Offsets
        are clamped to the text as ``re`` clamps ``pos`` and ``endpos``."""
        cdef Span s
        cdef uint8_t stack_memo[2 * STACK_WINDOW]
        cdef uint8_t* memo
        cdef Py_ssize_t length = PyUnicode_GET_LENGTH(text), i, end = -1, size
        cdef uint32_t c
        if mode not in SUBJECT_MODES:
            raise ValueError(f"mode must be one of {sorted(SUBJECT_MODES)}, got {mode!r}")
        s.mode = SUBJECT_MODES[mode]
        at = min(max(at, 0), length)
        lo = max(lo, 0)
        if lo >= at:
            return None
        s.data = PyUnicode_DATA(text)
        s.kind = PyUnicode_KIND(text)
        s.at = at
        s.lists = self.lists
        # No subject runs across a quote mark, "!" or "?", nor without an
        # appositive across a comma or a colon: start after the last one.
        # A sentence's subject is matched at lo, past any lead-in.
        i = at - 1 if s.mode != SENTENCE_OPENING else lo - 1
        while i >= lo:
            c = sp_char(&s, i)
            if (breaks_a_subject(c) if s.mode != SUBJECT_WITH_APPOSITIVE else
                    c == 0x21 or c == 0x3F or c == 0x22 or c == 0x201C or c == 0x201D):
                break
            i -= 1
        s.lo = i + 1
        if s.lo >= at:
            return None
        size = at - s.lo + 1
        memo = &stack_memo[0] if size <= STACK_WINDOW else <uint8_t*>malloc(2 * size)
        if memo == NULL:
            raise MemoryError()
        s.rest = memo
        s.appositive = memo + size
        memset(s.appositive, 0, size)
        try:
            with nogil:
                fill_rest(&s)
                if s.mode == SENTENCE_OPENING:  # a match at lo, not a search
                    end = opening_subject_end(&s, lo, &i)
                else:
                    for i in range(s.lo, at):
                        if s.mode == NAME_AT_END:  # a search: any offset, no word start needed
                            end = name_end(&s, i)
                        elif subject_may_start(&s, i):
                            end = speaker_end(&s, i)
                        if end >= 0:
                            break
        finally:
            if memo != &stack_memo[0]:
                free(memo)
        return (i, end) if end >= 0 else None
