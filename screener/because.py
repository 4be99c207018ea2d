"""What decided a reason, in the person's own answers: "2 unplanned hospital or nursing facility stays in 6
months; this group needs 3 or more."

Why separate: a reason's sentence (content) says what the rule is; this says which of the person's answers met
or missed it, with the rule's number. The words come from content (a question's `said`, ui keys
`screener.because.*`); only the values are filled in here. A question that was not asked (its `ask_if` was not
met) says so, with the answer that was assumed, so nothing is decided silently.
"""
from .logic import MET, NOT_MET, leaf_op
from .placeholders import plural

NUMBER_OPS = ("ge", "gt", "le", "lt")
_BRANCH_KEYS = ("all", "any", "not", "ref")
LIMIT = 4  # at most this many answers per reason: the ones that decided it


def _is_leaf(node: dict) -> bool:
    return leaf_op(node) is not None and "q" in node and not any(k in node for k in _BRANCH_KEYS)


def deciding_leaves(trace, node, _seen=None) -> list:
    """The answered leaf tests that decided `node`. For a node not decided yet: the answers that already fell
    short of one way in (a leaf that failed under an `any`), so "2 stays; this group needs 3 or more" shows
    while the emergency visits are still unanswered."""
    seen = _seen if _seen is not None else set()
    if not isinstance(node, dict):
        return []
    status = trace.status(node)
    if _is_leaf(node):
        return [node] if node["q"] in trace.answers else []
    if "ref" in node:
        if node["ref"] in seen:
            return []
        target = trace.target(node)
        return deciding_leaves(trace, target, seen | {node["ref"]}) if target is not None else []
    if "not" in node:
        return deciding_leaves(trace, node["not"], seen)
    kids = trace.children(node)
    if "all" in node:
        if status == MET:
            picked = kids
        elif status == NOT_MET:
            picked = [k for k in kids if trace.status(k) == NOT_MET][:1]
        else:
            picked = [k for k in kids if trace.status(k) not in (MET, NOT_MET)]
    elif "any" in node:
        if status == MET:
            picked = [k for k in kids if trace.status(k) == MET][:1]
        elif status == NOT_MET:
            picked = kids
        else:
            picked = [k for k in kids if trace.status(k) != MET and (_is_leaf(k) or trace.status(k) != NOT_MET)]
    else:
        picked = []
    out = []
    for child in picked:
        out += deciding_leaves(trace, child, seen)
    return out


def answer_words(rules, question: dict, answer) -> str:
    """An answer as the person chose it: option labels, yes/no, or the number."""
    labels = {o["value"]: o["label"] for o in question.get("options", [])}
    if isinstance(answer, bool):
        return rules.text("screener.because.yes" if answer else "screener.because.no")
    if isinstance(answer, list):
        return "; ".join(labels.get(v, str(v)) for v in answer) if answer else rules.text("screener.because.none")
    return labels.get(answer, str(answer))


def said(rules, question: dict, answer) -> str:
    """The person's answer as a short phrase: the question's `said` ("Age {answer}"; `said_one` for a count of
    exactly 1: "1 emergency room visit in 6 months"), or its label and answer."""
    text = question.get("said_one") if plural(answer) == "one" else None
    text = text or question.get("said")
    if text:
        return text.replace("{answer}", answer_words(rules, question, answer))
    return rules.text("screener.because.answer", question=question["label"],
                      answer=answer_words(rules, question, answer)).rstrip(".")


def _sentence(rules, trace, leaf: dict, who: str, not_asked: dict) -> dict:
    qid, op = leaf["q"], leaf_op(leaf)
    question = rules.question_by_id[qid]
    answer = trace.answers[qid]
    if qid in not_asked:
        reasons = [said(rules, rules.question_by_id[x["q"]], trace.answers[x["q"]])
                   for x in deciding_leaves(trace, not_asked[qid]) if x["q"] in rules.question_by_id]
        if question.get("said"):  # "0 emergency room visits in 6 months: not asked, because of the answer ..."
            text = rules.text("screener.because.not_asked_said", said=said(rules, question, answer),
                              because="; ".join(reasons))
        else:
            text = rules.text("screener.because.not_asked", because="; ".join(reasons),
                              answer=answer_words(rules, question, answer))
    elif op in NUMBER_OPS and question.get("said"):
        text = rules.text(f"screener.because.{op}", said=said(rules, question, answer), who=who, value=leaf[op])
    else:
        text = rules.text("screener.because.answer", question=question["label"],
                          answer=answer_words(rules, question, answer))
    return {"q": qid, "op": op, "value": leaf[op], "answer": answer, "text": text}


def explain(rules, trace, node, kind: str, not_asked: dict) -> list:
    """[{q, op, value, answer, text}] for the answers that decided `node`, at most LIMIT, each question once."""
    who = rules.text(f"screener.because.who.{kind}")
    out, seen = [], set()
    for leaf in deciding_leaves(trace, node):
        key = (leaf["q"], leaf_op(leaf))
        if key in seen or leaf["q"] not in rules.question_by_id:
            continue
        seen.add(key)
        out.append(_sentence(rules, trace, leaf, who, not_asked))
        if len(out) == LIMIT:
            break
    return out
