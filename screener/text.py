"""A plain-text summary of a result, for `python -m screener --text` (people reading a terminal).

Why separate: the JSON result is the contract; this is one way to show it. Labels come from the ui strings in
rules.json (content/ui.yaml), like every other sentence the screener prints. Markers are ASCII so any terminal
shows them: + counts towards qualifying, - counts against, ? not known yet.
"""
from .answers import located

MARK = {"met": "+", "not_met": "-", "unknown": "?"}


def render(result: dict, rules) -> str:
    t = rules.text
    lines = []
    if not result.get("ok"):
        lines.append(t("screener.text.errors") + ":")
        for error in result.get("errors", []):
            lines.append(f"  - {located(error)}")
        return "\n".join(lines) + "\n"
    lines.append(result["as_of"])
    for program in result["programs"]:
        label = t("status." + program["status"]) if rules.has("status." + program["status"]) \
            else program["status"]
        lines.append("")
        lines.append(f"{program['name']}: {label}")
        lines.append(f"  {program['headline']}")
        if program["reasons"]:
            lines.append(f"  {t('screener.text.reasons')}:")
            for reason in program["reasons"]:
                lines.append(f"    {MARK.get(reason['status'], '?')} {reason['text']}")
                lines += [f"        {item['text']}" for item in reason.get("because", [])]
        if program["missing"]:
            lines.append(f"  {t('screener.text.missing')}: {', '.join(program['missing'])}")
        availability = program.get("availability")
        if availability:
            lines.append(f"  {t('screener.text.availability')}: {availability['text']}")
            if availability.get("conflict"):
                lines.append(f"    ? {availability['conflict']}")
    if result["next_questions"]:
        lines += ["", f"{t('screener.text.next_questions')}: {', '.join(result['next_questions'])}"]
    if result["next_steps"]:
        lines += ["", t("screener.text.next_steps") + ":"]
        for step in result["next_steps"]:
            bits = [step["name"]]
            bits += [p["number"] + (" " + t("screener.steps.extension", extension=p["extension"])
                                    if p.get("extension") else "") for p in step["phones"]]
            if step.get("tty"):
                bits.append(f"{t('common.tty')} {step['tty']}")
            if step.get("email"):
                bits.append(step["email"] + (f" ({step['subject_line']})" if step.get("subject_line") else ""))
            if step.get("hours"):
                bits.append(step["hours"])
            lines.append("  - " + " | ".join(bits))
    if result["notes"]:
        lines += ["", t("screener.text.notes") + ":"] + [f"  - {note}" for note in result["notes"]]
    return "\n".join(lines) + "\n"
