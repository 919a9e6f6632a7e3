# Static types for quotes.py when setup.py compiles it with Cython: the .py
# stays the source and runs unchanged as plain Python; these declarations
# only let the compiled module call its helpers and index its strings in C.
import cython

cdef tuple _paragraph_bounds(str text, Py_ssize_t start, Py_ssize_t end)
@cython.locals(char=Py_UCS4)
cpdef bint _has_letters(str inner)
@cython.locals(at=Py_ssize_t, end=Py_ssize_t, start=Py_ssize_t)
cdef bint _has_a_lowercase_word(str inner)
@cython.locals(words=list, significant=list)
cdef bint _is_title(str inner, str kind=*)
cdef bint _is_one_name(str inner)
cdef bint _after_a_singular_noun(str text, Py_ssize_t at)
cdef bint _subject_of_is(str text, Py_ssize_t at, Py_ssize_t end)
@cython.locals(end=Py_ssize_t, stop=Py_ssize_t, start=Py_ssize_t, back=int, word=str)
cdef bint _after_a_determiner(str text, Py_ssize_t at, frozenset determiners, bint possessive)
@cython.locals(at=Py_ssize_t)
cdef bint _is_plain_lowercase_word(str text, Py_ssize_t start, Py_ssize_t stop)
@cython.locals(start=Py_ssize_t, end=Py_ssize_t, at=Py_ssize_t)
cdef bint _is_one_word(str inner)
@cython.locals(at=Py_ssize_t)
cdef bint _opens_a_sentence(str text, Py_ssize_t open_at)
cdef bint _is_fragment(str text, Py_ssize_t open_at, str inner)
cdef Py_ssize_t _space_end(str text, Py_ssize_t at, Py_ssize_t end)
cpdef Py_ssize_t _lead_end(str text, Py_ssize_t at, Py_ssize_t end)
cdef str _last_char(str text, Py_ssize_t end)
cdef bint _starts_next_paragraph(str text, Py_ssize_t previous_paragraph, Py_ssize_t para_lo)
cdef bint _plausible_subject(str speaker)
cdef bint _opens_a_clause(str speaker)
cdef tuple _attributed(subject, Py_ssize_t offset, cue, Py_ssize_t cue_start, Py_ssize_t cue_end,
                       double confidence)
cdef tuple _found(match, Py_ssize_t offset, double confidence)
cpdef _subject_near(str text, Py_ssize_t lo, Py_ssize_t at, str mode=*)
cdef _sentence_subject(str text, Py_ssize_t lo, Py_ssize_t at)
cdef _subject_before_a_quote(_Document doc, Py_ssize_t open_at, Py_ssize_t para_lo, Py_ssize_t paragraph_start)
@cython.locals(text=str, i=Py_ssize_t, at=Py_ssize_t, stop=Py_ssize_t)
cdef _named_in_a_clause(_Document doc, Py_ssize_t open_at, Py_ssize_t para_lo)
@cython.locals(text=str, after_hi=Py_ssize_t, next_cue=Py_ssize_t, after=str, last=str, sentence=str,
               sentence_last=str, offset=Py_ssize_t, first=Py_ssize_t, bound=Py_ssize_t, dash=Py_ssize_t,
               lead_end=Py_ssize_t, previous_lo=Py_ssize_t, window=Py_ssize_t, at=Py_ssize_t,
               stop=Py_ssize_t, verb=str, lead=str, cues=list, hands_over=bint, ended=bint, cue_after=bint)
cdef _find_speaker(_Document doc, Py_ssize_t open_at, Py_ssize_t inner_end, Py_ssize_t close_end,
                   Py_ssize_t para_lo, Py_ssize_t para_hi, Py_ssize_t paragraph_start)


cdef long _TOKEN_VERB, _TOKEN_MARKED, _AFTER_A_DETERMINER
@cython.locals(lo=Py_ssize_t, k=Py_ssize_t)
cdef bint _of_shortly_before(str text, Py_ssize_t at)
@cython.locals(i=Py_ssize_t, at=Py_ssize_t, end=Py_ssize_t, flag=long)
cdef _sort_cue_words(str text, list starts, list ends, list flags, list verb_starts, list verb_ends,
                     set noun_starts)


cdef class _Document:
    cdef public str text
    cdef public list cue_starts, cue_ends, verb_starts, verb_ends, breaks
    cdef public set noun_starts
    cpdef bint same_sentence(self, Py_ssize_t lo, Py_ssize_t hi)
    cpdef Py_ssize_t first_cue(self, Py_ssize_t lo)
    cpdef Py_ssize_t sentence_start(self, Py_ssize_t lo, Py_ssize_t at)


@cython.locals(names=list, quotes=list, spans=list, doc=_Document, inner=str, kind=str,
               open_at=Py_ssize_t, start=Py_ssize_t, end=Py_ssize_t, close_end=Py_ssize_t, flags=long,
               para_lo=Py_ssize_t, para_hi=Py_ssize_t, search_lo=Py_ssize_t, last_close=Py_ssize_t,
               previous_paragraph=Py_ssize_t, s_start=Py_ssize_t, s_end=Py_ssize_t, c_start=Py_ssize_t,
               c_end=Py_ssize_t, title=bint)
cpdef list attribute(text)
@cython.locals(text=str, end=Py_ssize_t, lo=Py_ssize_t, paragraph=str, at=Py_ssize_t, stop=Py_ssize_t)
cdef _reporter_before(_Document doc, Py_ssize_t para_lo)
@cython.locals(previous=list)
cdef bint _names_the_quote(str sentence, Py_ssize_t start, Py_ssize_t end)
@cython.locals(words=list, name=str, first=str)
cdef _name_before_cue(str text, Py_ssize_t at)
@cython.locals(text=str, at=Py_ssize_t, end=Py_ssize_t)
cdef _last_speaking_name(_Document doc, Py_ssize_t before, dict seen)
cdef bint _is_role(str speaker)
cdef bint _introduces(str sentence, Py_ssize_t stop, str verb)
@cython.locals(lo=Py_ssize_t, start=Py_ssize_t, space=Py_ssize_t, word=str)
cdef bint _conjoined_past_adverbs(str sentence, Py_ssize_t at)
@cython.locals(dot=Py_ssize_t, start=Py_ssize_t, word=str)
cdef tuple _sentence_end(str after)
@cython.locals(word=str, name=str, last=str, earlier=str)
cdef _resolve(str speaker, list names)
