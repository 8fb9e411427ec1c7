"""Variable expansion and word splitting, written from BuildKit's shell lexer.

The reference is BuildKit's ``frontend/dockerfile/shell`` (``lex.go`` and its
``envVarTest`` cases, port-semantics.md section 4), with the environment below.
Each case id names the fact it encodes.
"""

from __future__ import annotations

import pytest

from v6port.sources.dockerfile.expand import MAX_DEPTH, ExpansionError, expand

ENV = {"PWD": "/home", "SHELL": "bash", "NULL": "", "TWO": "80 443", "SPACED": " 80 "}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Plain words and quote removal.
        pytest.param("hello", "hello", id="plain word is kept"),
        pytest.param("he'l'lo", "hello", id="single quotes are removed"),
        pytest.param('"hello"', "hello", id="double quotes are removed"),
        pytest.param('"he\'llo"', "he'llo", id="single quote is literal inside double"),
        pytest.param("'\"hello\"'", '"hello"', id="double quote is literal inside single"),
        pytest.param("\"''\"", "''", id="two single quotes inside double"),
        # Escapes outside quotes.
        pytest.param("he\\'llo", "he'llo", id="escaped single quote is literal"),
        pytest.param("abc\\", "abc", id="escape at end of word is dropped"),
        pytest.param("abc\\\\", "abc\\", id="escaped escape is one backslash"),
        pytest.param("a\\ b", "a b", id="escaped space is kept"),
        pytest.param("he\\$PWD", "he$PWD", id="escaped dollar is literal"),
        pytest.param("he\\\\$PWD", "he\\/home", id="escaped escape then variable"),
        pytest.param("\\${}", "${}", id="escaped dollar makes braces literal"),
        # Escapes inside double quotes: only \" \$ and \\ are escapes.
        pytest.param('"he\\"llo"', 'he"llo', id="escaped double quote inside double"),
        pytest.param('"he\\\\\\"llo"', 'he\\"llo', id="escaped escape and quote inside double"),
        pytest.param('"he\\\\llo"', "he\\llo", id="escaped escape inside double"),
        pytest.param('"he\\llo"', "he\\llo", id="other escape kept inside double"),
        pytest.param('"he\\$PWD"', "he$PWD", id="escaped dollar inside double"),
        pytest.param('"he\\\\$PWD"', "he\\/home", id="escaped escape then variable in double"),
        # Single quotes are literal: no escapes, no expansion.
        pytest.param("'hello\\'", "hello\\", id="escape is literal inside single"),
        pytest.param("'$PWD'", "$PWD", id="no expansion inside single"),
        pytest.param("'he${XX}'", "he${XX}", id="no braces expansion inside single"),
        # $V and ${V}.
        pytest.param("he$PWD", "he/home", id="dollar name"),
        pytest.param("he${PWD}", "he/home", id="braced name"),
        pytest.param('"he${PWD}"', "he/home", id="braced name inside double"),
        pytest.param("\"he'$PWD'\"", "he'/home'", id="expansion inside double around single"),
        pytest.param("he$pwd.", "he.", id="names are case sensitive and unset is empty"),
        pytest.param("he${hi}xx", "hexx", id="unset braced is empty"),
        pytest.param("$.", "$.", id="dollar without a name is literal"),
        pytest.param("he$.x", "he$.x", id="dollar before punctuation is literal"),
        pytest.param("he$1x", "hex", id="positional parameter is one digit run"),
        pytest.param("a$", "a$", id="dollar at end is literal"),
        # ${V:-d} and ${V-d}.
        pytest.param("he${XXX:-000}xx", "he000xx", id="colon-dash default when unset"),
        pytest.param("he${PWD:-000}xx", "he/homexx", id="colon-dash value when set"),
        pytest.param("${NULL:-d}", "d", id="colon-dash default when empty"),
        pytest.param("${NULL-d}", "", id="dash keeps empty value"),
        pytest.param("${XXX-d}", "d", id="dash default when unset"),
        pytest.param("he${XXX:-$PWD}xx", "he/homexx", id="default is expanded"),
        pytest.param("he${XXX:-${PWD:-yyy}}xx", "he/homexx", id="nested default, inner set"),
        pytest.param("he${XXX:-${YYY:-yyy}}xx", "heyyyxx", id="nested default, inner unset"),
        pytest.param("${XXX:-'a}'}", "a}", id="quoted brace in default"),
        pytest.param("he${XXX:-\\$PWD:}xx", "he$PWD:xx", id="escaped dollar in default"),
        pytest.param("he${XXX:-\\${PWD}z}xx", "he${PWDz}xx", id="first brace ends default"),
        # ${V:+a} and ${V+a}.
        pytest.param("he${XXX:+000}xx", "hexx", id="colon-plus empty when unset"),
        pytest.param("he${PWD:+000}xx", "he000xx", id="colon-plus alt when set"),
        pytest.param("he${XXX:+${PWD}}xx", "hexx", id="colon-plus alt not used when unset"),
        pytest.param("he${PWD:+${SHELL}}xx", "hebashxx", id="colon-plus alt is expanded"),
        pytest.param("he${PWD:+${PWD}:}xx", "he/home:xx", id="colon after nested in alt"),
        pytest.param("${NULL:+a}", "", id="colon-plus treats empty as unset"),
        pytest.param("${NULL+a}", "a", id="plus uses alt for empty but set"),
        pytest.param("${XXX+a}", "", id="plus empty when unset"),
        # ${V:?m} and ${V?m} when they succeed.
        pytest.param("he${PWD?}", "he/home", id="question value when set"),
        pytest.param("he${PWD:?}", "he/home", id="colon-question value when set"),
        pytest.param("he${NULL?}", "he", id="question accepts empty but set"),
        # Non-ASCII text.
        pytest.param("안'녕'하세요", "안녕하세요", id="quotes removed around non-ASCII"),
    ],
)
def test_expands_like_buildkit(text: str, expected: str) -> None:
    assert expand(text, ENV).result == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("he'llo", "single-quote", id="unterminated single quote"),
        pytest.param('he"llo', "double-quote", id="unterminated double quote"),
        pytest.param("he\\\\'llo", "single-quote", id="escaped escape leaves quote open"),
        pytest.param('"he\\\\"llo"', "double-quote", id="escaped escape closes double"),
        pytest.param('"abc\\', "double-quote", id="escape at end inside double"),
        pytest.param("${}", "bad substitution", id="empty braces"),
        pytest.param("he${}xx", "bad substitution", id="empty braces mid word"),
        pytest.param("${:-x}", "bad substitution", id="no name before colon"),
        pytest.param("${{X}}", "bad substitution", id="double open brace"),
        pytest.param("he${.}", "unsupported modifier", id="punctuation name"),
        pytest.param("he${PWD", "missing '}'", id="missing close brace"),
        pytest.param("${PWD:", "missing '}'", id="missing close brace after colon"),
        pytest.param("he${XXX:-000", "missing '}'", id="missing close brace after default"),
        pytest.param("${", "missing '}'", id="dollar brace at end"),
        pytest.param("he${XXX:YYY}", "unsupported modifier", id="colon with no operator"),
        pytest.param("he${PWD:=000}xx", "unsupported modifier", id="assign is not supported"),
        pytest.param("he${XXX?}", "XXX: is not allowed to be unset", id="question unset"),
        pytest.param("he${XXX:?}", "XXX: is not allowed to be unset", id="colon-question unset"),
        pytest.param("he${NULL:?}", "NULL: is not allowed to be empty", id="colon-question empty"),
        pytest.param("${XXX?need it}", "XXX: need it", id="question message"),
        pytest.param("${NULL:?no $SHELL}", "NULL: no bash", id="question message is expanded"),
    ],
)
def test_rejects_like_buildkit(text: str, message: str) -> None:
    with pytest.raises(ExpansionError) as info:
        expand(text, ENV)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("$TWO", ["80", "443"], id="unquoted expansion splits"),
        pytest.param('"$TWO"', ["80 443"], id="quoted expansion does not split"),
        pytest.param("'$TWO'", ["$TWO"], id="single quoted is literal"),
        pytest.param("${XXX:-80 443}", ["80", "443"], id="expanded default splits"),
        pytest.param('${XXX:-"80 443"}', ["80", "443"], id="quotes in default do not protect"),
        pytest.param("$SPACED", ["80"], id="leading and trailing space dropped"),
        pytest.param("a${SPACED}b", ["a", "80", "b"], id="spaces split glued text"),
        pytest.param('""$SPACED', ["80"], id="empty quotes then space make no empty word"),
        pytest.param('""', [], id="empty quotes alone are no word"),
        pytest.param("$XXX", [], id="unset variable is no word"),
        pytest.param("a\\ b", ["a b"], id="escaped space does not split"),
        pytest.param("p$TWO", ["p80", "443"], id="prefix joins the first word"),
    ],
)
def test_words_split_after_expansion(text: str, words: list[str]) -> None:
    assert expand(text, ENV).words == words


@pytest.mark.parametrize(
    ("text", "unset"),
    [
        pytest.param("$XXX", {"XXX"}, id="dollar name"),
        pytest.param("${XXX}$YYY", {"XXX", "YYY"}, id="braced and plain"),
        pytest.param("${XXX:-80}", set(), id="default replaces it"),
        pytest.param("${XXX-80}", set(), id="dash default replaces it"),
        pytest.param("$NULL", set(), id="empty is set"),
        pytest.param("'$XXX'", set(), id="single quoted is not expanded"),
    ],
)
def test_reports_unset_variables(text: str, unset: set[str]) -> None:
    assert expand(text, ENV).unset == unset


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("he`$PWD", "he$PWD", id="backtick escapes dollar"),
        pytest.param("a\\b", "a\\b", id="backslash is literal"),
        pytest.param("C:\\path", "C:\\path", id="windows path is literal"),
        pytest.param('"a`"b"', 'a"b', id="backtick escapes quote inside double"),
        pytest.param('"a\\"', "a\\", id="backslash does not escape quote inside double"),
        pytest.param("a` b", "a b", id="backtick escapes space"),
    ],
)
def test_backtick_escape_token(text: str, expected: str) -> None:
    assert expand(text, ENV, escape="`").result == expected


def nested(levels: int) -> str:
    return "${A:-" * levels + "80" + "}" * levels


def test_nesting_within_limit_expands() -> None:
    # The top-level word counts as one level.
    assert expand(nested(MAX_DEPTH - 1), {}).result == "80"


@pytest.mark.parametrize("levels", [MAX_DEPTH, 500, 10_000], ids=["limit", "500", "10000"])
def test_nesting_beyond_limit_is_an_error_not_a_crash(levels: int) -> None:
    with pytest.raises(ExpansionError, match="nested deeper"):
        expand(nested(levels), {})


PATTERN_ENV = {"V": "p8888.tar.gz", "R": "80-90", "PATH_": "a/b/c", "STAR": "a*b"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Fact 4 (shell lexer): # and % trim the shortest prefix/suffix, ## and %% the longest.
        pytest.param("${V#p}", "8888.tar.gz", id="prefix literal"),
        pytest.param("${V#*.}", "tar.gz", id="shortest prefix wildcard"),
        pytest.param("${V##*.}", "gz", id="longest prefix wildcard"),
        pytest.param("${V%.*}", "p8888.tar", id="shortest suffix wildcard"),
        pytest.param("${V%%.*}", "p8888", id="longest suffix wildcard"),
        pytest.param("${V#x}", "p8888.tar.gz", id="prefix that does not match"),
        pytest.param("${V#p????}", ".tar.gz", id="question mark is one character"),
        pytest.param("${STAR#a\\*}", "b", id="escaped star is literal"),
        # / replaces the first match, // every match; the pattern is greedy.
        pytest.param("${R/-/ }", "80 90", id="replace first"),
        pytest.param("${PATH_//\\//_}", "a_b_c", id="replace all with escaped slash"),
        pytest.param("${PATH_/b/}", "a//c", id="replace with nothing"),
        pytest.param("${PATH_/*/x}", "x", id="greedy star in replace"),
        pytest.param("${UNSET#x}", "", id="unset variable trims to nothing"),
    ],
)
def test_pattern_substitution(text: str, expected: str) -> None:
    assert expand(text, PATTERN_ENV).result == expected


def test_pattern_on_unset_variable_counts_as_unresolved() -> None:
    assert expand("${PORT%/tcp}", {}).unset == {"PORT"}


def test_pattern_expansion_splits_into_words() -> None:
    # EXPOSE ${R/-/ } is two ports: words split after expansion (fact 2.1).
    assert expand("${R/-/ }", PATTERN_ENV).words == ["80", "90"]
