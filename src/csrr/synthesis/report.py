"""The final report's content: prose, tables and figure, written from the findings.

The notebook stays thin: it holds the report's headings and calls one
function per block of content. Every function here returns Markdown (or a
table) built from the strands' findings and ``params/synthesis.yml``; no
number is typed by hand. Small counts (strands, elements) are written in
words, as Scottish Government style does for numbers under ten and as the
traceability rule B expects (see :mod:`csrr.synthesis.traceability`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from csrr.display import callout_markdown, in_words, table_markdown
from csrr.findings import STRENGTHS
from csrr.paths import BUILD_DIR, PARAMS_DIR, relative
from csrr.reports import NOTEBOOKS
from csrr.synthesis import inputs, traceability, triangulation
from csrr.synthesis.inputs import Answer, Condition, Element, EmbeddedFigure, Evidence, Strand
from csrr.synthesis.triangulation import Assessment, Rules

# A line break inside a table cell, which pipe tables cannot write natively:
# one raw inline per format; each writer keeps its own and drops the others.
LINE_BREAK = "`<br>`{=html}`#linebreak()`{=typst}`<w:r><w:br/></w:r>`{=openxml}"


def join(items: list[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``; ``a; b; and c`` when an item holds a comma or "and".

    Element names such as "Local, long-term funded, non-stigmatising services"
    would otherwise run into each other.
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if len(items) > 2 and any("," in i or " and " in i for i in items):
        return "; ".join(items[:-1]) + f"; {last} " + items[-1]
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def plural(n: int, one: str, many: str | None = None) -> str:
    """``one condition``, ``three conditions``: the count in words and the noun agreeing."""
    return f"{in_words(n)} {one if n == 1 else (many or one + 's')}"


def escape(text: str) -> str:
    """Escape text from a findings file so Markdown shows it as written.

    Statements are plain text: ``*``, ``_``, ``@`` (a citation to pandoc),
    ``$`` (maths), ``[``, ``<`` and the like must not change their meaning.
    """
    out = []
    for char in text:
        out.append("\\" + char if char in "\\`*_{}[]<>@$#|~^" else char)
    return "".join(out)


def _prose_name(strand: Strand) -> str:
    """A strand's short name inside a sentence: ``the workforce survey``."""
    name = strand.name
    if not name[:2].isupper():
        name = name[0].lower() + name[1:]
    return f"the {name}"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _capitalised(text: str) -> str:
    """Text with its first letter in capitals (a note written as a clause starts a sentence)."""
    return text[:1].upper() + text[1:]


def _with_citation(text: str, citation: str) -> str:
    """A statement with its citation before the final full stop, as house style cites."""
    text = " ".join(text.split()).rstrip()
    end = "."
    if text.endswith((".", "!", "?")):
        text, end = text[:-1], text[-1]
    return f"{text} {citation}{end}"


def _headline(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


@dataclass
class Synthesis:
    """Everything the final report is written from, read and checked once.

    Build it with :func:`prepare`; the notebook then calls its methods in
    report order.
    """

    study: str
    question: str
    data_status: str
    elements: list[Element]
    strands: list[Strand]
    evidence: Evidence
    rules: Rules
    assessments: list[Assessment]
    answers: list[Answer]
    conditions: list[Condition]
    figures: list[EmbeddedFigure]
    extra_limitations: list[tuple[str, str]] = field(default_factory=list)
    inputs: list[tuple[Path, str]] = field(default_factory=list)
    build_dir: Path = BUILD_DIR

    # ----------------------------------------------------------- helpers

    def show(self, markdown: str, *, annex: bool = False) -> None:
        """Display Markdown after checking every number in it traces to a cited finding."""
        from csrr import display

        display.markdown(traceability.checked(markdown, self.evidence, annex=annex))

    def show_table(self, frame: pd.DataFrame, *, annex: bool = False) -> None:
        """Display a table after the same check (its rows are blocks too)."""
        from csrr import display

        traceability.checked(table_markdown(frame), self.evidence, annex=annex)
        display.table(frame)

    def cite(self, ids: list[str], *, strength: bool = True) -> str:
        """A full citation of findings, as :func:`csrr.synthesis.traceability.cite` writes it."""
        return traceability.cite(self.evidence, ids, strength=strength)

    def cite_ids(self, ids: list[str]) -> str:
        """A compact citation (ids only, linked in HTML), for where the full one is near."""
        return traceability.cite_ids(self.evidence, ids)

    def strand(self, strand_id: str) -> Strand:
        """The strand with this id."""
        return next(s for s in self.strands if s.id == strand_id)

    def _names(self, assessments: list[Assessment]) -> str:
        # Italic, so that names read as names inside a sentence.
        return join([f"*{a.element.name}*" for a in assessments])

    def _strand_names(self, ids: list[str]) -> str:
        return join([_prose_name(self.strand(s)) for s in ids])

    # ------------------------------------------------- executive summary

    def summary_intro(self) -> str:
        """Opening of the executive summary: the question and the headline answer."""
        groups = triangulation.by_category(self.assessments)
        counts = []
        if groups["convergent"]:
            counts.append(f"converges on {in_words(len(groups['convergent']))}")
        if groups["mixed"]:
            counts.append(f"is mixed on {in_words(len(groups['mixed']))}")
        if groups["single-source"]:
            counts.append(f"rests on a single strand for {in_words(len(groups['single-source']))}")
        if groups["absent"]:
            counts.append(f"is absent for {in_words(len(groups['absent']))}")
        opening = (
            f"This report draws together the findings of the {in_words(len(self.strands))} "
            f"strands of the {self.study} to answer the question above. Each strand's findings "
            f"were read against a framework of {in_words(len(self.elements))} key elements of "
            f"what needs to be in place (@tbl-framework). Across the strands, the evidence "
            f"{join(counts)} of them (@tbl-matrix). The key messages below take each element "
            "in turn, strongest evidence first, with the finding that leads on it."
        )
        question = callout_markdown("note", escape(self.question), "The question")
        return f"{question}\n{opening}"

    def answers_for(self, element_id: str) -> list[Answer]:
        """The research team's answer statements for one element, in file order."""
        return [a for a in self.answers if a.element == element_id]

    def key_messages(self) -> str:
        """One bullet per element, strongest evidence first, citing what it rests on.

        The message is the element's first answer statement when the research
        team have written one, and otherwise the title of its lead finding.
        """
        order = {c: i for i, c in enumerate(triangulation.CATEGORIES)}
        ranked = sorted(self.assessments, key=lambda a: order[a.category])
        bullets = []
        for a in ranked:
            lead = a.lead()
            if lead is None:
                bullets.append(
                    f"**{a.element.name}** (no evidence): none of the strands reports a finding "
                    "on this element."
                )
                continue
            support = f"{in_words(len(a.bearing))} of {in_words(len(self.strands))} strands"
            answers = self.answers_for(a.element.id)
            if answers:
                message, ids = escape(answers[0].text), list(answers[0].findings)
            else:
                message, ids = escape(_headline(lead.title)), [lead.id]
            bullets.append(
                f"**{a.element.name}** ({triangulation.CATEGORY_TEXT[a.category]} evidence, "
                f"{support}): " + _with_citation(message, self.cite_ids(ids))
            )
        note = (
            "Each message cites the findings it rests on by id. @sec-answer sets out every "
            "finding in full, with the strand report and section where it is set out, and "
            "Annex B lists them all."
        )
        return "\n".join(f"- {b}" for b in bullets) + "\n\n" + note

    def summary_conditions(self) -> str:
        """Closing of the executive summary: the conditions for change, by title."""
        items = self.condition_list()
        if not items:
            return ""
        titles = "\n".join(f"- {escape(_headline(c.title))}" for c in items)
        return (
            f"The evidence points to {plural(len(items), 'condition')} for change "
            f"(@sec-conditions):\n\n{titles}"
        )

    # ------------------------------------------------------ introduction

    def strands_frame(self) -> pd.DataFrame:
        """The strands: label, short name, the report that sets out their findings, and how many."""
        return pd.DataFrame(
            [
                {
                    "Strand": item.strand.label,
                    "Focus": item.strand.name,
                    "Report": item.title,
                    "Findings": len(item.findings),
                }
                for item in self.evidence.strands
            ]
        )

    def introduction(self) -> str:
        """What the report is and how to read its citations (with a real example)."""
        example = self.evidence.all_findings()[0]
        return "\n".join(
            [
                (
                    f"The {self.study} studied how children's services in Scotland are organised "
                    f"and how they could better meet need, through {in_words(len(self.strands))} "
                    "strands of research, each with its own method and its own full and summary "
                    "reports (@tbl-strands). This final report does not present new analysis. It "
                    "reads the strands' findings together, element by element, against a framework "
                    "of what needs to be in place, and sets out where the strands agree, where "
                    "they differ and where the evidence is thin."
                ),
                "",
                (
                    "Every statement of evidence cites the findings it rests on, for example "
                    f"{self.cite([example.id])}: the finding's id, the strength of the evidence "
                    "behind it as its strand rated it, and the report and section where it is "
                    "set out. In the HTML version of this report each id links to that section. "
                    "Annex B lists every finding drawn on."
                ),
            ]
        )

    # ---------------------------------------------------------- approach

    def framework_frame(self) -> pd.DataFrame:
        """The framework: each element and what good looks like."""
        return pd.DataFrame(
            [
                {"Key element": e.name, "What needs to be in place": e.definition}
                for e in self.elements
            ]
        )

    def approach(self) -> str:
        """How the evidence was brought together: the ratings and the stated rule."""
        rules = self.rules
        counted = join(rules.strengths_counted(), "or")
        lines = [
            (
                "Each strand rated the strength of the evidence behind each of its findings as "
                f"{join(list(STRENGTHS), 'or')}, by a rule stated in its own full report, and "
                "tagged each finding with the key elements it bears on. @tbl-strength shows the "
                "findings of each strand by their rating."
            ),
            "",
            (
                "The findings were then set out in a matrix of key element by strand (@tbl-matrix "
                "and @fig-triangulation). A strand *supports* an element when at least one of its "
                f"findings on that element is rated {counted}. Each element's evidence is then "
                "called:"
            ),
            "",
            (
                "- **convergent** when at least "
                f"{in_words(rules.convergent_min_strands)} strands support it and no finding on "
                "it points the other way;"
            ),
            (
                "- **mixed** when more than one strand bears on it but fewer than "
                f"{in_words(rules.convergent_min_strands)} support it, or the research team judge "
                "that one of its findings points the other way;"
            ),
            "- **single-source** when all its findings come from one strand;",
            "- **absent** when no strand reports a finding on it.",
            "",
            (
                "The rule counts strands rather than findings: agreement between different "
                "methods is what gives confidence, and several findings from one survey are "
                "still one source."
            ),
        ]
        return "\n".join(lines)

    def matrix_frame(self) -> pd.DataFrame:
        """The element x strand matrix table."""
        return triangulation.matrix_frame(self.assessments, self.strands, sep=LINE_BREAK)

    def strength_frame(self) -> pd.DataFrame:
        """Findings by strand and rating."""
        return triangulation.strength_frame(self.evidence)

    def matrix_figure(self):
        """The matrix as a figure and its text alternative: ``(fig, alt)``."""
        return (
            triangulation.matrix_figure(self.assessments, self.strands),
            triangulation.matrix_alt(self.assessments, self.strands),
        )

    # ------------------------------------------------------------ answer

    def answer_intro(self) -> str:
        """Lead-in to the element-by-element answer."""
        return (
            "This section answers the question element by element, in the order of the "
            "framework. For each element it restates what needs to be in place, says how "
            "consistent the evidence is, and sets out what each strand found."
        )

    @staticmethod
    def _how_many(n: int, total: int) -> str:
        """``Three of the five strands``, or ``All five strands``."""
        if n == total:
            return f"All {in_words(total)} strands"
        return f"{in_words(n).capitalize()} of the {in_words(total)} strands"

    def _assessment_text(self, a: Assessment) -> str:
        n, total = len(a.bearing), len(self.strands)
        if a.category == "absent":
            return (
                f"None of the {in_words(total)} strands reports a finding on this element. "
                "This is a gap in the evidence, not evidence that the element does not matter."
            )
        bearing = self._strand_names(a.bearing)
        if a.category == "single-source":
            return (
                f"The evidence rests on a single strand: only {bearing} bears on this element, "
                f"with {a.strongest()} evidence at best. It needs confirming from other "
                "sources before it can carry weight on its own."
            )
        counted = join(self.rules.strengths_counted(), "or")
        if len(a.supporting) == n:
            supporting = f"{'both' if n == 2 else 'all'} of them with {counted} evidence"
        else:
            some = in_words(len(a.supporting)) if a.supporting else "none"
            supporting = f"{some} of them with {counted} evidence"
        if a.category == "convergent":
            return (
                f"The evidence is convergent. {self._how_many(n, total)} "
                f"bear on this element ({bearing}), {supporting}, and the research team "
                "judged none of its findings to point the other way."
            )
        text = (
            f"The evidence is mixed. {self._how_many(n, total)} "
            f"bear on this element ({bearing}), {supporting}"
        )
        if a.divergent:
            which = "a finding points" if len(a.divergent) == 1 else "some findings point"
            notes = " ".join(
                _with_citation(escape(_capitalised(note)), self.cite([d.id], strength=False))
                for d, note in a.divergent
            )
            return f"{text}, but the research team judge that {which} the other way. {notes}"
        return f"{text}, so the strands do not yet support it with equal confidence."

    def element_section(self, a: Assessment) -> str:
        """One element's part of the answer: heading, what is needed, assessment, findings, figures."""
        e = a.element
        lines = [
            f"## {e.name} {{#sec-element-{e.id}}}",
            "",
            f"**What needs to be in place.** {escape(_sentence(e.definition))}",
        ]
        answers = self.answers_for(e.id)
        for number, answer in enumerate(answers):
            lead = "**What the evidence tells us.** " if number == 0 else ""
            text = _with_citation(escape(answer.text), self.cite_ids(list(answer.findings)))
            lines += ["", lead + text]
        lines += ["", f"**How secure the evidence is.** {self._assessment_text(a)}"]
        if a.findings:
            lines += ["", "**What each strand found.**", ""]
            for strand_id in a.bearing:
                strand = self.strand(strand_id)
                for finding in a.cells[strand_id]:
                    lines.append(
                        f"- *{strand.name}.* "
                        + _with_citation(escape(finding.statement), self.cite([finding.id]))
                    )
        for fig in (f for f in self.figures if f.element == e.id):
            lines += ["", self.figure_block(fig)]
        return "\n".join(lines)

    def figure_block(self, fig: EmbeddedFigure) -> str:
        """An embedded strand figure with a sentence saying where it comes from."""
        item = next(s for s in self.evidence.strands if s.strand.id == fig.strand)
        section = item.sections[fig.section]
        return (
            f"@{fig.label} is reproduced from {_prose_name(item.strand)} "
            f"({item.strand.label} full report, section “{section}”).\n\n"
            f"{fig.shortcode(self.build_dir)}"
        )

    # -------------------------------------------------------- conditions

    def condition_list(self) -> list[Condition]:
        """The conditions for change: as configured, or derived from the convergent elements.

        With no conditions in ``params/synthesis.yml``, each element whose
        evidence is convergent becomes one, resting on its supporting findings.
        """
        if self.conditions:
            return self.conditions
        derived = []
        for a in self.assessments:
            if a.category != "convergent":
                continue
            ids = [f.id for f in a.findings if self.rules.supports(f.strength)]
            derived.append(
                Condition(a.element.name, a.element.definition, tuple(ids), (a.element.id,))
            )
        return derived

    def conditions_text(self) -> str:
        """The conditions for change, each citing its findings and naming its elements."""
        items = self.condition_list()
        if not items:
            return (
                "No element has convergent evidence yet, so this report sets out no conditions "
                "for change; see the limitations in @sec-limitations."
            )
        names = {e.id: e.name for e in self.elements}
        lines = [
            (
                "Read together, the strands point to the conditions below: what needs to be "
                "in place for children, young people and families to get the help they need, "
                "when they need it. Each names the key elements it serves and cites the "
                "findings it rests on."
            ),
            "",
        ]
        for number, c in enumerate(items, start=1):
            served = "; ".join(escape(names[e]) for e in c.elements)
            lines.append(
                f"{number}. **{escape(_sentence(c.title))}** "
                + _with_citation(escape(c.text), self.cite(list(c.findings), strength=False))
                + (f" *Key elements:* {served}." if served else "")
            )
        return "\n".join(lines)

    # ------------------------------------------------------- limitations

    def limitations(self) -> str:
        """What limits the synthesis, from the data status, the ratings and the matrix."""
        groups = triangulation.by_category(self.assessments)
        findings = self.evidence.all_findings()
        firm = sum(self.rules.supports(f.strength) for f in findings)
        share = firm / len(findings)
        most = (
            "Most"
            if share >= 0.75
            else "More than half"
            if share > 0.5
            else "Half"
            if share == 0.5
            else "Fewer than half"
        )
        counted = join(self.rules.strengths_counted(), "or")
        paras = []
        if self.data_status == "synthetic":
            paras.append(
                "**Illustrative data.** Every strand was built from synthetic demonstration "
                "data. The findings, and so this synthesis, show how the report works; they "
                "are not research findings and must not be quoted as such."
            )
        paras.append(
            f"**Strength of the evidence.** {most} of the strands' findings are rated "
            f"{counted} (@tbl-strength); the rest are emerging or limited. The ratings are the "
            "strands' own, each by the rule its full report states, and are not comparable "
            "in every respect across such different methods."
        )
        thin = groups["single-source"] + groups["absent"]
        if thin:
            paras.append(
                f"**Gaps.** The evidence on {self._names(thin)} rests on one strand or none. "
                "Conclusions on these elements are the least secure, and further work should "
                "start there."
            )
        links = [s for s in self.strands if s.builds_on]
        if links:
            drew = "; ".join(
                f"{_prose_name(s)} drew on {self._strand_names(list(s.builds_on))}" for s in links
            )
            paras.append(
                f"**Independence of the strands.** The strands are not wholly independent: "
                f"{drew}. Agreement between them is partly shared evidence, and the matrix "
                "counts them as separate sources only because their methods differ."
            )
        for title, text in self.extra_limitations:
            paras.append(f"**{escape(_sentence(title))}** {escape(_sentence(text))}")
        paras.append(
            "**Reading across strands.** The categories count strands, not the size of each "
            "study; a finding bears on the elements its strand team judged it to, and a "
            "finding that bears on several elements counts under each. Each strand's own "
            "limitations apply to its findings and are set out in its full report."
        )
        return "\n\n".join(paras)

    # ------------------------------------------------------------ annexes

    def methods_annex(self) -> str:
        """Annex A: each strand's method in brief, then the synthesis's own."""
        lines = []
        for item in self.evidence.strands:
            s = item.strand
            lines += [
                f"## {s.label}: {s.name} {{#sec-annex-{s.id} .unnumbered}}",
                "",
                escape(_sentence(s.method)),
                "",
                (
                    f"Published as *{escape(item.title)}*, full report and summary; "
                    f"built from {item.data_status} data."
                ),
                "",
            ]
        lines += [
            "## This synthesis {#sec-annex-synthesis .unnumbered}",
            "",
            (
                "The synthesis reads only the findings each strand publishes (its findings file) "
                "and, for the figures it reproduces, the strand's executed full report; it "
                "recomputes nothing. The framework, the triangulation rule and the conditions for "
                "change are configuration, in the parameters file of the final report, so that "
                "the research team can change them without changing code. Every number written "
                "beside a citation is checked, when the report is built, against the numbers the "
                "cited findings rest on."
            ),
        ]
        return "\n".join(lines)

    def findings_frame(self, strand_id: str) -> pd.DataFrame:
        """Annex B: one strand's findings, their ratings, elements and where each is set out.

        One table per strand keeps each table within a page.
        """
        names = {e.id: e.name for e in self.elements}
        item = next(s for s in self.evidence.strands if s.strand.id == strand_id)
        return pd.DataFrame(
            [
                {
                    "Finding": f.id,
                    "Title": escape(_headline(f.title)),
                    "Strength": f.strength,
                    "Key elements": "; ".join(names[e] for e in f.elements),
                    "Where set out": f"section “{escape(item.sections[f.section])}”",
                }
                for f in item.findings
            ]
        )

    def provenance(self) -> str:
        """Annex C: every input file with what it holds and its SHA-256, as a list.

        A list, not a table: a 64-digit fingerprint does not fit a table
        column on an A4 page.
        """
        return "\n".join(
            f"- `{self._shown_path(path)}`: {what}.  \n  SHA-256 `{inputs.sha256(path)}`"
            for path, what in self.inputs
        )

    def _shown_path(self, path: Path) -> str:
        """A file's path as the report shows it: never a machine's own folders.

        Inside the project, relative to its root (``build/strand3/findings.json``);
        in a build folder elsewhere (a test's copy), relative to that folder's parent.
        """
        shown = relative(path)
        if not Path(shown).is_absolute():
            return shown
        try:
            return Path(path).resolve().relative_to(self.build_dir.resolve().parent).as_posix()
        except ValueError:
            return Path(path).name


def input_files(evidence: Evidence, figures: list[EmbeddedFigure]) -> list[tuple[Path, str]]:
    """Every file the final report was built from, with what it holds, in a stable order."""
    files: list[tuple[Path, str]] = [
        (PARAMS_DIR / "common.yml", "Settings shared by every report"),
        (inputs.SYNTHESIS_PARAMS, "Framework, strands, rules and conditions of this report"),
    ]
    for item in evidence.strands:
        params = NOTEBOOKS[item.strand.id].params_file
        if params.is_file():
            files.append((params, f"Parameters of {item.strand.label}"))
    for item in evidence.strands:
        files.append(
            (item.findings_file, f"Findings of {item.strand.label} ({item.data_status} data)")
        )
    for notebook in dict.fromkeys(f.notebook for f in figures):
        strand = next(s.strand for s in evidence.strands if s.notebook == notebook)
        files.append((notebook, f"Executed full report of {strand.label} (figures reproduced)"))
    return files


def prepare(
    *,
    study: str,
    question: str,
    framework: list[dict[str, Any]],
    strands: list[dict[str, Any]],
    triangulation_rules: dict[str, Any],
    answers: list[dict[str, Any]],
    conditions: list[dict[str, Any]],
    figures: list[dict[str, Any]],
    data_status: str,
    limitations: list[dict[str, Any]] = (),
    build_dir: Path = BUILD_DIR,
) -> Synthesis:
    """Read and check every input, and assess every element.

    Parameters
    ----------
    study : str
        Name of the study (``study_title`` in ``params/common.yml``).
    question : str
        The over-arching question.
    framework, strands, triangulation_rules, answers, conditions, figures
        The keys of ``params/synthesis.yml`` of the same names
        (``triangulation`` for the rules).
    data_status : str
        ``synthetic`` or ``real``: the data this report is built from.
    limitations : list of dict
        Limitations the research team add (``title`` and ``text``).
    build_dir : Path
        Folder holding each strand's build (``<strand>/findings.json``).

    Returns
    -------
    Synthesis
        Ready to write the report from.

    Raises
    ------
    CsrrError
        One line naming the first problem: a missing strand, an unknown
        element or finding id, a broken section link, a missing figure.
    """
    elements = inputs.framework(framework)
    strand_list = inputs.strands(strands)
    evidence = inputs.load_evidence(strand_list, elements, Path(build_dir))
    inputs.check_data_status(evidence, data_status)
    answer_list = inputs.answers(answers, elements)
    inputs.check_answers(answer_list, evidence)
    condition_list = inputs.conditions(conditions, elements)
    inputs.check_conditions(condition_list, evidence)
    inputs.check_divergent(triangulation_rules.get("divergent", []), evidence, elements)
    figure_list = inputs.embedded_figures(figures, evidence, elements)
    rules = Rules.from_params(triangulation_rules)
    return Synthesis(
        study=study,
        question=" ".join(question.split()),
        data_status=data_status,
        elements=elements,
        strands=strand_list,
        evidence=evidence,
        rules=rules,
        assessments=triangulation.assess(elements, strand_list, evidence, rules),
        answers=answer_list,
        conditions=condition_list,
        figures=figure_list,
        extra_limitations=[
            (" ".join(item["title"].split()), " ".join(item["text"].split()))
            for item in limitations
        ],
        inputs=input_files(evidence, figure_list),
        build_dir=Path(build_dir),
    )
