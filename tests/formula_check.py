r"""Hand-typed display formulas, read by SymPy's LaTeX parser and checked like numbers.

Every display formula of a course page that is not generated from SymPy (``[[latex:NAME]]``,
docs/hooks/sympy_formulas.py) is read here, side by side, with SymPy 1.14's
``parse_latex(..., backend="lark")``, and each chain ``a = b = c`` must hold:

* every side is compared with every other side of its chain (equality is transitive, so
  a rounded figure is held to the exact value as well as to its neighbour);
* a side that is a number once the page's values are put in is compared numerically, to
  what its rounding allows: a decimal typed with k decimals stands for any number within
  half a unit of its last digit, and that uncertainty is carried through the side;
* any other side is compared at random points (three, seeded) of its free symbols:
  a sign, an index or an operator changed makes the two sides differ there.

What the symbols mean:

* ``\sigma(z)`` and ``f(z)`` are the sigmoid, ``\sigma'(z)`` and ``f'(z)`` its slope (as
  `nnfromscratch.proofs.symbolic` defines them); ``e`` is Euler's number;
* a chain that starts with names nobody defined (``h_1 = h_2 = \sigma(...)``,
  ``\text{MSE} = ...``) defines them, for the rest of that display formula only, as its
  first other side; every later side is checked against it;
* ``<!-- formula values: x_1 = -2, w_1 = w_2 = 1 -->`` gives symbols the values the page's
  example uses, for the formulas after it to the end of its section (of the page, if it
  comes before the first ``##`` heading); a worked example's chain that gives a name a
  number (``h_1 = \sigma(-3) = 0.0474``) does the same;
* ``<!-- formula names: nnfromscratch.proofs.symbolic -->`` makes the course's names
  (``h_1``, ``y_{\text{pred}}``, ``\mathrm{sum}_{o_1}``, ``L``, and ``o_1`` for
  ``y_{\text{pred}}``) mean what that module defines, so that ``h_1 = \sigma(w_1 x_1 + ...)``
  is checked against the network's own definition and ``\frac{\partial L}{\partial w_1}``
  is the derivative of the full loss;
* ``<!-- formula notation: TEX => TEX -->`` says what a notation means in TeX the parser
  reads (``w \cdot x => (w_1 x_1 + w_2 x_2)``, a dot product); ``<!-- formula notation:
  TEX : reason -->`` declares a notation SymPy cannot read (``\odot``): the sides that use
  it are not checked, and the page's proof line counts that formula as not checked.

A formula the parser cannot read, or a side that cannot be evaluated, with no declaration,
is an error: nothing is skipped silently.
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass, field

import sympy as sp
from site_html import load_hook
from sympy.core.function import AppliedUndef
from sympy.parsing.latex import parse_latex

from nnfromscratch.proofs import symbolic

_page = load_hook("proof_line")
read_page = _page.read_page

RELATIONS = {"=": "=", r"\approx": "≈", r"\leftarrow": "←", r"\to": "→", r"\rightarrow": "→",
             "<": "<", ">": ">", r"\le": "≤", r"\leq": "≤", r"\ge": "≥", r"\geq": "≥",
             r"\neq": "≠", r"\ne": "≠"}
ENVIRONMENT = re.compile(r"\\(?:begin|end)\{(?:aligned|align\*?|gathered|split|equation\*?)\}")
LINE_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")
# Spacing and sizing that carry no meaning.
NOISE = re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|displaystyle)(?![A-Za-z])"
                   r"|\\[,;!: ]")
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")


class Unreadable(Exception):
    """The parser cannot read a side (or its reading cannot be evaluated)."""


def _canon(name: str) -> str:
    """One spelling per name: no spaces, single-character subscripts without braces."""
    name = re.sub(r"\s+", "", name)
    name = re.sub(r"_\{([A-Za-z0-9])\}", r"_\1", name)
    return re.sub(r"\^\{([A-Za-z0-9])\}", r"^\1", name)


@functools.cache
def _vocabulary() -> dict[str, sp.Basic]:
    names = {_canon(tex): symbol for symbol, tex in symbolic._LATEX_NAMES.items()
             if isinstance(symbol, sp.Symbol)}
    names["o_1"] = symbolic.S.y_pred  # the output neuron's name for the prediction
    names["L"] = symbolic.S.L
    names["x"] = symbolic.S.x
    names["z"] = symbolic.S.z
    return names


def _group(text: str, start: int) -> int:
    """The index just past the brace group that opens at ``text[start] == "{"``."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    raise Unreadable(f"unbalanced braces in {text!r}")


@dataclass
class Reading:
    """A side in the parser's TeX, and what each placeholder in it stands for."""

    tex: str
    names: dict[str, str] = field(default_factory=dict)  # placeholder -> canonical name
    partials: dict[str, tuple[str, str]] = field(default_factory=dict)
    literals: dict[str, str] = field(default_factory=dict)  # placeholder -> the decimal typed
    calls: dict[str, tuple[str, Reading]] = field(default_factory=dict)  # -> (function, arg)


def _placeholder(index: int, kind: str) -> str:
    letters = ""
    while True:
        index, rest = divmod(index, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[rest]
        if index == 0:
            return f"Q_{{{kind}{letters}}}"


NAME = re.compile(
    r"\\(?:mathrm|text|operatorname|mathit)\{[A-Za-z]+\}(?:_\{[^{}]*\}|_[A-Za-z0-9])?"
    r"(?:\^\{\([a-z]\)\})?"
    r"|\\hat\{?[A-Za-z]\}?(?:_\{[^{}]*\}|_[A-Za-z0-9])?(?:\^\{\([a-z]\)\})?"
    r"|(?<![\\A-Za-z])[A-Za-z]_\{\\text\{[A-Za-z]+\}\}(?:\^\{\([a-z]\)\})?"
    r"|(?<![\\A-Za-z])[A-Za-z]_\{[0-9]{2,}\}"
    r"|(?<![\\A-Za-z])[A-Za-z](?:_[A-Za-z0-9]|_\{[A-Za-z0-9]\})?\^\{\([a-z]\)\}"
)
# The sigmoid or its slope just before a bracket: \sigma(, \sigma'(, f(, f'(, \sigma^{\prime}(.
SIGMOID_BEFORE = re.compile(r"(?:\\sigma|(?<![\\A-Za-z])f)\s*(?P<slope>'|\^\{?\\prime\}?)?\s*$")
# A name just before a bracket holding a list, L(w_1, ..., b_3): the name itself.
NAME_BEFORE = re.compile(r"(?<![\\A-Za-z])(?P<name>[A-Za-z](?:_[A-Za-z0-9]|_\{[^{}]*\})?)\s*$")


def _closing(text: str, start: int) -> int:
    """The index of the ")" that closes the "(" at ``text[start]``."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index
    raise Unreadable(f"unbalanced brackets in {text!r}")


def to_parser_tex(side: str, outer: Reading | None = None) -> Reading:
    """Rewrite a side into the TeX the lark grammar reads: names, decimals, brackets and
    function applications become placeholders (a bracket's inside is read on its own, with
    the placeholders of ``outer``, the side it is in)."""
    reading = Reading("")
    if outer is not None:  # one set of placeholders for a whole side
        reading.names, reading.partials = outer.names, outer.partials
        reading.literals, reading.calls = outer.literals, outer.calls
    text = side.replace("\u2212", "-").replace("\u00b7", r"\cdot ")
    text = NOISE.sub(" ", text)
    text = re.sub(r"\\q?quad(?![A-Za-z])", " ", text)
    text = text.replace(r"\%", r"\cdot \frac{1}{100}")
    text = re.sub(r"\\boxed\s*\{", "{", text)
    text = re.sub(r"\\mathrm\{e\}", "e", text)
    # Partial derivatives of one name by another, as one name.
    while (start := text.find(r"\frac{\partial")) >= 0:
        top_end = _group(text, start + 5)
        if top_end >= len(text) or text[top_end] != "{":
            raise Unreadable(f"a partial derivative without a denominator in {side!r}")
        bottom_end = _group(text, top_end)
        top = text[start + 6 + len(r"\partial") : top_end - 1].strip()
        bottom = text[top_end + 1 : bottom_end - 1].strip()
        if not bottom.startswith(r"\partial") or not top:
            raise Unreadable(f"an operator \\frac{{\\partial}}{{...}} in {side!r}")
        key = _placeholder(len(reading.partials), "p")
        reading.partials[key] = (_canon(top), _canon(bottom[len(r"\partial"):]))
        text = text[:start] + f" {key} " + text[bottom_end:]
    def name(match: re.Match[str]) -> str:
        canon = _canon(match.group())
        for key, known in reading.names.items():
            if known == canon:
                return f" {key} "
        key = _placeholder(len(reading.names), "n")
        reading.names[key] = canon
        return f" {key} "

    text = NAME.sub(name, text)

    # Brackets, left to right: the sigmoid or its slope applied, a name applied to a list
    # (the name alone), or a bracket. Each argument and bracket is read on its own: the
    # parser's time grows fast with the length of what it reads, and a changed formula
    # then costs only the bracket that changed.
    while (start := text.find("(")) >= 0:
        close = _closing(text, start)
        inside = text[start + 1 : close]
        before = text[:start]
        if call := SIGMOID_BEFORE.search(before):
            key = _placeholder(len(reading.calls), "c")
            reading.calls[key] = ("", reading)  # taken, before the inside takes its own
            function = "slope" if call["slope"] else "sigmoid"
            reading.calls[key] = (function, to_parser_tex(inside, reading))
            text = before[: call.start()] + f" {key} " + text[close + 1 :]
        elif (call := NAME_BEFORE.search(before)) and "," in inside:
            text = before[: call.start()] + f" {call['name']} " + text[close + 1 :]
        else:
            key = _placeholder(len(reading.calls), "c")
            reading.calls[key] = ("", reading)
            reading.calls[key] = ("group", to_parser_tex(inside, reading))
            text = before + f" {key} " + text[close + 1 :]

    def decimal(match: re.Match[str]) -> str:
        key = _placeholder(len(reading.literals), "l")
        reading.literals[key] = match.group()
        return f" {key} "

    text = DECIMAL.sub(decimal, text)
    reading.tex = " ".join(text.split())
    return reading


def _resolve(parsed):
    """SymPy's lark parser returns every reading of an ambiguous input; they must agree."""
    if isinstance(parsed, sp.Basic):
        return parsed
    if getattr(parsed, "data", None) == "_ambig":
        options = [_resolve(child) for child in parsed.children]
        if any(sp.simplify(option - options[0]) != 0 for option in options[1:]):
            raise Unreadable(f"the parser reads it in several ways: {options}")
        return options[0]
    raise Unreadable(f"the parser gave {parsed!r}")


def _split(tex: str, at: str) -> list[tuple[str, str]]:
    """``[(operator before, part), ...]`` of ``tex`` split at its top-level operators: ``at``
    is "+-" (terms; a sign after an operator or at the start is kept as unary) or "*"
    (factors, at \\cdot and \\times)."""
    parts: list[tuple[str, str]] = []
    depth, start, before, index = 0, 0, "", 0
    while index < len(tex):
        char = tex[index]
        depth += {"{": 1, "[": 1, "}": -1, "]": -1}.get(char, 0)
        if depth == 0 and at == "+-" and char in "+-":
            so_far = tex[start:index].strip()
            if so_far and not re.search(r"(?:\\cdot|\\times|[-+/^_=*])$", so_far):
                parts.append((before, so_far))
                before, start = char, index + 1
        elif depth == 0 and at == "*" and (product := re.match(r"\\(?:cdot|times)(?![A-Za-z])",
                                                                tex[index:])):
            parts.append((before, tex[start:index].strip()))
            before, start = "*", index + product.end()
            index = start
            continue
        index += 1
    parts.append((before, tex[start:].strip()))
    return parts


@functools.lru_cache(maxsize=8192)
def _parse(tex: str) -> sp.Basic:
    """SymPy's reading of ``tex``, term by term and factor by factor (each read on its own:
    the sum and product are the same, and short inputs are read much faster)."""
    terms = _split(tex, "+-")
    if len(terms) > 1 and all(term for _, term in terms):
        return sp.Add(*(-_parse(t) if sign == "-" else _parse(t) for sign, t in terms))
    factors = _split(tex, "*")
    if len(factors) > 1 and all(factor for _, factor in factors):
        return sp.Mul(*(_parse(factor) for _, factor in factors))
    return _parse_alone(tex)


@functools.lru_cache(maxsize=8192)
def _parse_alone(tex: str) -> sp.Basic:
    try:
        parsed = parse_latex(tex, backend="lark")
    except Exception as error:  # lark's UnexpectedInput and SymPy's LaTeXParsingError
        first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise Unreadable(f"in {tex!r}: {first}") from None
    return _resolve(parsed)


@dataclass(frozen=True)
class Literal:
    """A decimal as typed: its value, and half a unit of its last digit."""

    value: sp.Rational
    half: sp.Rational


# An indexed name of the 2-2-1 network: with the module's names, it must be one of them.
COURSE_NAME = re.compile(r"[hwbxo]_\d+|\\mathrm\{sum\}_\{?[a-z]_?\d+\}?")


class Context:
    """What the names of one page mean, as the page goes on."""

    def __init__(self, module_names: bool = False) -> None:
        self.module_names = module_names
        self.values: dict[sp.Basic, sp.Basic] = {}  # declared, or given by a worked example
        self.declared: set[sp.Basic] = set()  # the names of declared values
        self.local: dict[sp.Basic, sp.Basic] = {}  # defined in this formula
        self.general: dict[sp.Basic, sp.Basic] = {}  # defined by an earlier formula
        self.literals: dict[sp.Symbol, Literal] = {}

    def symbol(self, canon: str) -> sp.Basic:
        if self.module_names and canon in _vocabulary():
            return _vocabulary()[canon]
        if self.module_names and COURSE_NAME.fullmatch(canon):
            # h_3, w_7, \mathrm{sum}_{o_2}: the network has no such quantity.
            raise Unreadable(f"{canon} is not a name of nnfromscratch.proofs.symbolic")
        return sp.Symbol(canon)

    def meaning(self, side: str) -> sp.Basic:
        """The SymPy expression a side of a formula stands for."""
        try:
            return self._meaning(to_parser_tex(side), side)
        except Unreadable as error:
            raise Unreadable(f"SymPy cannot read {side.strip()!r} ({error})") from None

    def _meaning(self, reading: Reading, side: str) -> sp.Basic:
        if not reading.tex:
            raise Unreadable(f"an empty expression in {side!r}")
        parsed = _parse(reading.tex)
        if parsed.atoms(AppliedUndef):
            raise Unreadable(f"{side!r}: a function SymPy does not know, in {parsed}")
        replace: dict[sp.Basic, sp.Basic] = {}
        for symbol in parsed.free_symbols:
            key = str(symbol)
            if key in reading.literals:
                typed = reading.literals[key]
                literal = sp.Symbol(f"lit{len(self.literals)}")
                decimals = len(typed.split(".")[1])
                self.literals[literal] = Literal(sp.Rational(typed),
                                                 sp.Rational(1, 2 * 10**decimals))
                replace[symbol] = literal
            elif key in reading.names:
                replace[symbol] = self.symbol(reading.names[key])
            elif key in reading.partials:
                top, bottom = reading.partials[key]
                replace[symbol] = symbolic.Partial(self.symbol(top), self.symbol(bottom))
            elif key in reading.calls:
                function, argument = reading.calls[key]
                inner = self._meaning(argument, side)
                if function == "group":
                    replace[symbol] = inner
                else:
                    call = symbolic.Sigmoid if function == "sigmoid" else symbolic.SigmoidSlope
                    replace[symbol] = call(inner)
            elif key == "e":
                replace[symbol] = sp.E
            else:
                replace[symbol] = self.symbol(_canon(key))
        return parsed.xreplace(replace)

    # --- what a name is ----------------------------------------------------------------

    def meaning_of(self, name: sp.Basic) -> str | None:
        """How a name is defined: "fixed" (in this formula, by a declared value or by the
        module), "general" (by an earlier formula of the page), or None. A value a worked
        example gave it does not count: a general formula may start with it."""
        if isinstance(name, symbolic.Partial):
            top, bottom = name.args
            if top in self.local or (self.module_names and symbolic._definition(top) is not None):
                return "fixed"
            if top in self.general and bottom in self.unfold(top, frozenset({bottom})).free_symbols:
                return "general"
            return None
        if name in self.local or name in self.declared:
            return "fixed"
        if self.module_names and symbolic._definition(name) is not None:
            return "fixed"
        return "general" if name in self.general else None

    def starts_a_definition(self, expr: sp.Basic) -> bool:
        """A chain starting with this name defines it: it has no meaning yet, or only a general
        one that the page's values do not make a number (a worked example of it follows)."""
        if not self.is_name(expr):
            return False
        kind = self.meaning_of(expr)
        if kind is None:
            return True
        if kind == "general":
            return bool(self.unfold(expr).free_symbols - set(self.literals))
        return False

    def is_name(self, expr: sp.Basic) -> bool:
        return (isinstance(expr, symbolic.Partial)
                or (isinstance(expr, sp.Symbol) and expr not in self.literals))

    def unfold(self, expr: sp.Basic, keep: frozenset = frozenset()) -> sp.Basic:
        """Every name written out: this formula's definitions, then the values, then the
        page's general definitions and the module's; the sigmoid and derivatives too."""
        for _ in range(20):
            local = {k: v for k, v in self.local.items() if k not in keep}
            values = {k: v for k, v in self.values.items() if k not in keep and k not in local}
            general = {k: v for k, v in self.general.items()
                       if k not in keep and k not in local and k not in values}
            # A derivative's value (a worked example's) first: inside it, w_1 is no number.
            expr = expr.xreplace(local).xreplace(
                {k: v for k, v in values.items() if isinstance(k, symbolic.Partial)})
            partials = {p: self._derivative(p, keep) for p in expr.atoms(symbolic.Partial)}
            new = expr.xreplace(partials).xreplace(local).xreplace(values).xreplace(general)
            if new == expr:
                break
            expr = new
        expr = symbolic.unfold(expr, keep) if self.module_names else _functions(expr)
        values = {k: v for k, v in self.values.items() if k not in keep}
        return _functions(expr.xreplace(values))

    def _derivative(self, partial: symbolic.Partial, keep: frozenset) -> sp.Basic:
        top, bottom = partial.args
        if self.meaning_of(partial) is None:
            return sp.Symbol(f"∂{top}/∂{bottom}")  # a name of its own
        written = self.unfold(top, keep | {bottom})
        return self.unfold(sp.diff(written, bottom), keep)


_T = sp.Dummy("t")
_SIGMOID = 1 / (1 + sp.exp(-_T))
_SLOPE = sp.diff(_SIGMOID, _T)


def _functions(expr: sp.Basic) -> sp.Basic:
    """The sigmoid and its slope written out (what `symbolic.unfold` does, without its names)."""
    while calls := expr.atoms(symbolic.Sigmoid, symbolic.SigmoidSlope):
        expr = expr.xreplace({
            call: (_SIGMOID if isinstance(call, symbolic.Sigmoid) else _SLOPE).xreplace(
                {_T: call.args[0]})
            for call in calls})
    return expr


# --- splitting a formula into chains --------------------------------------------------------


def _relation_at(text: str, index: int) -> str | None:
    if text[index] in "=<>":
        return text[index]
    if text[index] == "\\":
        command = re.match(r"\\[A-Za-z]+", text[index:])
        if command and command.group() in RELATIONS:
            return command.group()
    return None


def split_sides(line: str) -> list[tuple[str, str]]:
    """``[(relation before, side), ...]`` at the top level of a line (the first has "")."""
    sides: list[tuple[str, str]] = []
    depth, start, relation, index = 0, 0, "", 0
    while index < len(line):
        char = line[index]
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
        elif depth == 0 and (found := _relation_at(line, index)):
            sides.append((relation, line[start:index]))
            relation, index = found, index + len(found)
            start = index
            continue
        index += 1
    sides.append((relation, line[start:]))
    return sides


def chains(tex: str, rewrites: list[tuple[str, str]]) -> list[list[str]]:
    """The chains of ``=`` of a display formula, each a list of sides' TeX."""
    for notation, meaning in rewrites:
        tex = tex.replace(notation, meaning)
    tex = ENVIRONMENT.sub("\n", tex)
    lines: list[str] = []
    for line in LINE_BREAK.split(tex):
        line = line.split("&&")[0]  # a comment column of an aligned formula
        line = re.split(r"\\q?quad(?![A-Za-z])", line)[0] if re.search(
            r"\\q?quad\s*[\\(]?\s*(?:\\text|\()", line) else line
        line = line.replace("&", " ").strip().rstrip(",.;").strip()
        if not line:
            continue
        if lines and _relation_at(line, 0):
            lines[-1] += " " + line
        else:
            lines.append(line)
    found: list[list[str]] = []
    for line in lines:
        chain: list[str] = []
        for relation, side in split_sides(line):
            side = side.strip().rstrip(",.;").strip()
            if relation not in ("", "=") and chain:
                found.append(chain)
                chain = []
            chain.append(side)
        found.append(chain)
    return found


# --- comparing sides ---------------------------------------------------------------------


def _number(expr: sp.Basic) -> sp.Float | None:
    if expr.has(sp.Sum, sp.Product):
        expr = expr.doit()
        if expr.has(sp.Sum, sp.Product):
            return None  # a sum SymPy cannot write out: not a number we can compare
    value = sp.N(expr, 30)
    if not value.is_number or value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not value.is_real:
        return None
    return value


class Mismatch(Exception):
    pass


def compare(context: Context, first: sp.Basic, second: sp.Basic, seed: int) -> None:
    """Raise `Mismatch` unless the two (unfolded) sides agree everywhere we look."""
    literals = {s: lit for s, lit in context.literals.items()
                if s in first.free_symbols or s in second.free_symbols}
    free = sorted((first.free_symbols | second.free_symbols) - set(literals), key=str)
    generator = random.Random(seed)
    points = [{}] if not free else [
        {s: sp.Float(generator.uniform(-2, 2), 30) for s in free} for _ in range(3)]
    evaluated = 0
    for point in points:
        at = {**point, **{s: lit.value for s, lit in literals.items()}}
        a, b = _number(first.xreplace(at)), _number(second.xreplace(at))
        if a is None or b is None:
            continue
        evaluated += 1
        slack = sum(_spread(side, at, literals) for side in (first, second))
        if abs(a - b) > slack + sp.Float("1e-9") * (1 + abs(a) + abs(b)):
            shown = f"{float(a):.6g} ≠ {float(b):.6g}"
            if point:
                shown += (" at " + ", ".join(f"{s}={float(v):.3g}" for s, v in point.items())
                          + " (random values: if the page gives these symbols values, declare"
                          " them: <!-- formula values: NAME = NUMBER, ... -->)")
            raise Mismatch(shown)
    if not evaluated:
        raise Unreadable("the sides cannot be evaluated (no finite value at any point)")


def _spread(expr: sp.Basic, at: dict, literals: dict[sp.Symbol, Literal]) -> sp.Float:
    """How far ``expr`` can move when each decimal in it moves within its rounding."""
    total = sp.Float(0)
    centre = _number(expr.xreplace(at))
    for symbol, literal in literals.items():
        if symbol not in expr.free_symbols or centre is None:
            continue
        moves = []
        for shift in (literal.half, -literal.half):
            moved = _number(expr.xreplace({**at, symbol: literal.value + shift}))
            moves.append(abs(moved - centre) if moved is not None else sp.oo)
        total += max(moves)
    return total


@dataclass
class FormulaReport:
    """What the checker found on one page."""

    problems: list[str] = field(default_factory=list)
    checked: int = 0  # display formulas read and checked
    declared: int = 0  # display formulas using a notation declared unreadable
    equalities: int = 0  # pairs of sides compared


def _values(context: Context, text: str, where: str) -> None:
    if not text.strip():
        context.values, context.declared = {}, set()  # <!-- formula values: --> forgets them
        return
    for chain in chains(text.replace(",", r" \\ "), []):
        meanings = [context.meaning(side) for side in chain]
        value = context.unfold(meanings[-1])
        if _number(value.xreplace({s: lit.value for s, lit in context.literals.items()})) is None:
            raise Unreadable(f"{where}: formula values must end in a number: {chain}")
        for name in meanings[:-1]:
            context.declared.add(name)
            context.values[name] = value.xreplace(
                {s: lit.value for s, lit in context.literals.items()})


INLINE_VALUE = re.compile(r"\$\s*(?P<name>[^$=\n]+?)\s*=\s*(?P<value>-?\d+(?:\.\d+)?|"
                          r"\[\s*-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?)*\s*\])\s*\$")


def _stated_values(context: Context, markdown: str, declaration) -> list[str]:
    """The values the paragraph of a ``formula values`` declaration states in its inline
    maths (``$b = 4$``, or ``$x = [2, 3]$`` for x_1 and x_2) must be the declared ones: the
    formulas are checked with the declaration, the reader reads the prose."""
    start = markdown.rfind("\n\n", 0, declaration.start) + 1
    end = markdown.find("\n\n", declaration.start)
    problems = []
    for stated in INLINE_VALUE.finditer(markdown[start : end if end >= 0 else None]):
        name, value = _canon(stated["name"]), stated["value"]
        if value.startswith("["):
            parts = [v.strip() for v in value.strip("[]").split(",")]
            pairs = [(f"{name}_{i}", v) for i, v in enumerate(parts, start=1)]
        else:
            pairs = [(name, value)]
        for component, number in pairs:
            symbol = context.symbol(component) if not context.module_names or (
                component in _vocabulary()) else None
            if symbol is None or symbol not in context.declared:
                continue
            declared = context.values[symbol]
            if sp.nsimplify(declared) != sp.Rational(number):
                problems.append(f"line {declaration.line}: the prose says ${stated.group()[1:-1]}$"
                                f", the formula values declare {component} = {declared}")
    return problems


# The results of formulas already checked with the same values and declarations (the
# mutation test checks each page many times over, changing one formula at a time).
_RESULTS: dict[tuple, list] = {}


def check_page(markdown: str) -> FormulaReport:
    """Read and check every hand-typed display formula of a page."""
    facts = read_page(markdown)
    report = FormulaReport()
    rewrites: list[tuple[str, str]] = []
    unread: list[str] = []
    module = False
    for declaration in facts.declarations:
        if declaration.kind == "notation":
            if "=>" in declaration.text:
                notation, meaning = declaration.text.split("=>", 1)
                rewrites.append((notation.strip(), meaning.strip()))
            else:
                unread.append(declaration.text.partition(" : ")[0].strip())
        elif declaration.kind == "names":
            module = module or declaration.text.strip() == "nnfromscratch.proofs.symbolic"
    for notation in unread:
        if not any(notation in formula.tex for formula in facts.formulas):
            report.problems.append(f"the notation {notation!r} is declared but no formula uses it")
    for notation, _ in rewrites:
        if not any(notation in formula.tex for formula in facts.formulas):
            report.problems.append(f"the notation {notation!r} is declared but no formula uses it")
    context = Context(module)
    events = sorted([(f.start, 1, f) for f in facts.formulas]
                    + [(d.start, 0, d) for d in facts.declarations if d.kind == "values"]
                    + [(start, -1, level) for start, level in facts.headings],
                    key=lambda event: event[:2])
    level = 1  # the section the page is in: values hold until its end
    scope: dict[sp.Basic, int] = {}
    for _, kind, item in events:
        if kind == -1:
            level = item
            gone = [name for name, where in scope.items() if where >= level and where > 1]
            for name in gone:
                context.values.pop(name, None)
                context.declared.discard(name)
                del scope[name]
            continue
        before = set(context.values)
        if kind == 0:
            try:
                _values(context, item.text, f"line {item.line}")
                report.problems += _stated_values(context, markdown, item)
            except Unreadable as error:
                report.problems.append(f"line {item.line}: {error}")
            scope.update({name: level for name in set(context.values) - before})
            continue
        declared = any(notation in item.tex for notation in unread)
        report.declared += declared
        report.checked += not declared
        key = (item.tex, item.line, module, tuple(rewrites), tuple(unread),
               tuple(sorted((str(k), str(v)) for k, v in context.values.items())),
               tuple(sorted((str(k), str(v)) for k, v in context.general.items())))
        if key not in _RESULTS:
            _RESULTS[key] = check_formula(context, item.tex, rewrites, unread, item.line)
        problems, compared, learned, general = _RESULTS[key]
        context.values.update(learned)
        context.general.update(general)
        scope.update({name: level for name in set(context.values) - before})
        report.equalities += compared
        report.problems.extend(problems)
    return report


def check_formula(context: Context, tex: str, rewrites, unread, line: int) -> tuple:
    """The problems of one display formula, how many pairs of sides it compared, and the
    values it gave names (which later formulas of the page use)."""
    problems: list = []
    compared = 0
    learned: dict[sp.Basic, sp.Basic] = {}
    general: dict[sp.Basic, sp.Basic] = {}
    context.local = {}
    for chain in chains(tex, rewrites):
        sides = []
        for side in chain:
            if any(notation in side for notation in unread):
                sides.append(None)
                continue
            try:
                sides.append(context.meaning(side))
            except Unreadable as error:
                problems.append(f"line {line}: {error} (declare the notation if SymPy cannot "
                                "read it: <!-- formula notation: TEX : reason -->)")
                sides.append(None)
        readable = [(text, s) for text, s in zip(chain, sides, strict=True) if s is not None]
        head = []
        for _text, meaning in readable:
            if context.starts_a_definition(meaning):
                head.append(meaning)
            else:
                break
        if head and len(head) < len(readable):
            definition = readable[len(head)][1]
            try:
                numeric = not (context.unfold(definition).free_symbols - set(context.literals))
            except Exception:  # reported below, when the sides are written out
                numeric = False
            for name in head:
                # A name given a number (a worked example's h_1 = \sigma(-3)) keeps it for
                # the rest of the page; one given an expression keeps it too, as a general
                # definition, which a later worked example of it may replace.
                if numeric:
                    learned[name] = context.values[name] = definition
                else:
                    context.local[name] = definition
                    general[name] = definition
        try:
            unfolded = [(text, context.unfold(meaning)) for text, meaning in readable]
        except Exception as error:  # any failure to write out is reported
            problems.append(f"line {line}: cannot write out {chain}: {error!r}")
            continue
        for i in range(len(unfolded)):
            for j in range(i + 1, len(unfolded)):
                if i < len(head) and j <= len(head):
                    continue  # a name and its own definition
                compared += 1
                try:
                    compare(context, unfolded[i][1], unfolded[j][1], seed=1000 * i + j)
                except Mismatch as error:
                    problems.append(f"line {line}: {unfolded[i][0]!r} = {unfolded[j][0]!r} "
                                    f"does not hold: {error}")
                except Unreadable as error:
                    problems.append(f"line {line}: {unfolded[i][0]!r} = {unfolded[j][0]!r}: "
                                    f"{error}")
    context.general.update(general)
    return problems, compared, learned, general
