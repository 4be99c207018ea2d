"""Check a person's answers before anything is evaluated.

Why strict: the screener never guesses. A wrong type (true for a number, "21" for 21), a value outside the
allowed options or range, or an unknown question id is reported back as data, naming the field and what is
allowed, and nothing is screened. `null` means "not answered", the same as leaving the key out.
This module never raises, whatever JSON it is given.

Numbers: an integer with more than MAX_DIGITS digits is reported as too long (code `too_many_digits`) without
echoing it: every question's range is far shorter, a browser cannot hold such a number exactly (JavaScript
numbers are exact only to 15 digits), and Python refuses to print integers beyond 4,300 digits.
"""
import json

ANSWERS_FIELD = "answers"
MAX_DIGITS = 15
_MAX_EXACT = 10 ** MAX_DIGITS


def show(value, limit: int = 60) -> str:
    """A short, safe rendering of any value for an error message."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=repr)
    except (TypeError, ValueError, RecursionError):
        text = repr(type(value).__name__)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error(rules, field: str, code: str, got, allowed=None, **extra) -> dict:
    """One error. Its message is a plain sentence for the person at the field ("Enter an age from 0 to 130."):
    a question's own message (ui key screener.error.<question id>) wins over the code's. It never echoes a
    number back, so a 400-digit answer gets the same message as 131."""
    values = {"field": field, "got": show(got)}
    if isinstance(allowed, list):
        values["allowed"] = ", ".join(str(a) for a in allowed)
    values.update(extra)
    own = "screener.error." + field
    if code in ("not_integer", "out_of_range", "too_many_digits") and rules.has(own):
        message = rules.text(own, **values)
        if code == "too_many_digits":  # say the number itself is not valid, not that it is out of range
            message = rules.text("screener.error.not_valid_number") + " " + message
    else:
        message = rules.text("screener.error." + code, **values)
    error = {"field": field, "code": code, "message": message}
    if allowed is not None:
        error["allowed"] = allowed
    return error


def _long_digits(text: str) -> bool:
    """Digits only (a sign allowed), more of them than a number can have here."""
    body = text.strip().lstrip("+-")
    return body.isascii() and body.isdigit() and len(body.lstrip("0")) > MAX_DIGITS


def located(error: dict) -> str:
    """The message with the question id in front, for places that show it away from the form (CLI, batch)."""
    return f"{error['field']}: {error['message']}"


def _check(rules, question: dict, value):
    """(clean value, None) or (None, error) for one answer."""
    qid, kind = question["id"], question["type"]
    if kind == "integer":
        low, high = question.get("min"), question.get("max")
        allowed = {"min": low, "max": high}
        if isinstance(value, str) and _long_digits(value):
            # a form or a link passes digits it cannot hold as a number exactly: the number is not valid
            return None, _error(rules, qid, "too_many_digits", value, allowed, min=low, max=high, digits=MAX_DIGITS)
        if isinstance(value, bool) or not isinstance(value, int):
            return None, _error(rules, qid, "not_integer", value, allowed, min=low, max=high)
        if abs(value) >= _MAX_EXACT:
            return None, _error(rules, qid, "too_many_digits", value, allowed, min=low, max=high, digits=MAX_DIGITS)
        if (low is not None and value < low) or (high is not None and value > high):
            return None, _error(rules, qid, "out_of_range", value, allowed, min=low, max=high)
        return value, None
    if kind == "boolean":
        if not isinstance(value, bool):
            return None, _error(rules, qid, "not_boolean", value, [True, False])
        return value, None
    options = rules.option_values.get(qid, [])
    if kind == "choice":
        if not rules.is_option(qid, value):
            return None, _error(rules, qid, "not_an_option", value, options)
        return value, None
    if kind == "multichoice":
        if not isinstance(value, list) or not all(rules.is_option(qid, v) for v in value):
            return None, _error(rules, qid, "not_options", value, options)
        return [v for v in options if v in value], None
    return None, _error(rules, qid, "unsupported_question", value)


def validate(rules, answers) -> tuple:
    """(clean answers, errors). Clean answers hold only answered, valid questions."""
    if not isinstance(answers, dict):
        return {}, [_error(rules, ANSWERS_FIELD, "answers_not_object", answers)]
    clean, errors = {}, []
    for key, value in answers.items():
        field = key if isinstance(key, str) else show(key)
        question = rules.question_by_id.get(key) if isinstance(key, str) else None
        if question is None:
            errors.append(_error(rules, field, "unknown_question", key, [q["id"] for q in rules.questions]))
            continue
        if value is None:
            continue
        good, error = _check(rules, question, value)
        if error:
            errors.append(error)
        else:
            clean[key] = good
    errors.sort(key=lambda e: (rules.question_order.get(e["field"], len(rules.question_order)), e["field"]))
    return clean, errors
