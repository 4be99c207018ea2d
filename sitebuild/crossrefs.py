"""Checks the schema cannot express: ids unique per kind, and every reference pointing at something real."""
from . import plan_facts

# Answers to the plan question besides the plans in content/plans.yaml; compile_rules adds them as options.
EXTRA_PLAN_OPTIONS = ("other", "not_sure")


def check(model: dict, located) -> list[str]:
    problems: list[str] = []

    def where(stem, path):
        return located.where(stem, path)

    def unique(stem, items, path_prefix, kind):
        seen = {}
        for index, item in enumerate(items):
            item_id = item["id"]
            if item_id in seen:
                problems.append(f"{where(stem, (*path_prefix, index, 'id'))}: duplicate {kind} id '{item_id}' "
                                f"(first used at item {seen[item_id]})")
            seen.setdefault(item_id, index)
        return set(seen)

    source_ids = unique("sources", model["sources"]["sources"], ("sources",), "source")
    county_ids = unique("counties", model["counties"]["counties"], ("counties",), "county")
    plan_ids = unique("plans", model["plans"]["plans"], ("plans",), "plan")
    service_ids = unique("community_supports", model["community_supports"]["services"], ("services",), "service")
    group_ids = unique("community_supports", model["community_supports"]["groups"], ("groups",), "group")
    question_list = model["questions"]["questions"]
    question_ids = unique("questions", question_list, ("questions",), "question")
    shared_ids = unique("criteria", model["criteria"]["shared"], ("shared",), "criterion")
    contact_ids = unique("contacts", model["contacts"]["contacts"], ("contacts",), "contact")
    org_ids = unique("contacts", model["contacts"]["organizations"], ("organizations",), "organization")
    unique("programs", model["programs"]["programs"], ("programs",), "program")
    unique("ecm", model["ecm"]["ecm"]["populations"], ("ecm", "populations"), "population")
    regions = {}
    for p_index, plan in enumerate(model["plans"]["plans"]):
        unique("plans", plan.get("regions", []), ("plans", p_index, "regions"), "region")
        for region_id in plan_facts.region_ids(plan):
            if regions.get(region_id, plan["id"]) != plan["id"]:
                problems.append(f"{where('plans', ('plans', p_index, 'id'))}: region id '{region_id}' is also "
                                f"used by plan '{regions[region_id]}'")
            regions.setdefault(region_id, plan["id"])
    questions = {q["id"]: q for q in question_list}
    option_values = {
        "counties": county_ids,
        "plans": plan_ids | set(EXTRA_PLAN_OPTIONS),
    }

    def refs(stem, node, path, allowed, kind):
        if node not in allowed:
            hint = ", ".join(sorted(allowed)[:12]) + (", …" if len(allowed) > 12 else "")
            problems.append(f"{where(stem, path)}: unknown {kind} '{node}' (known: {hint})")

    # sources: every `sources: [...]` list anywhere
    for stem, data in model.items():
        for path, value in _walk(data, ()):
            if stem == "sources" and path == ("sources",):
                continue  # the source list itself, not a citation
            if path and path[-1] == "sources" and isinstance(value, list):
                for index, source in enumerate(value):
                    refs(stem, source, (*path, index), source_ids, "source")

    # criteria trees: questions, option values and shared refs
    def check_tree(stem, node, path):
        if not isinstance(node, dict):
            return
        for key in ("all", "any"):
            for index, child in enumerate(node.get(key, [])):
                check_tree(stem, child, (*path, key, index))
        if "not" in node:
            check_tree(stem, node["not"], (*path, "not"))
        if "effective" in node:
            _check_variants(stem, node["effective"], (*path, "effective"), where, problems)
            for index, variant in enumerate(node["effective"]):
                check_tree(stem, variant["node"], (*path, "effective", index, "node"))
        if "ref" in node:
            refs(stem, node["ref"], (*path, "ref"), shared_ids, "shared criterion")
        if "q" in node:
            refs(stem, node["q"], (*path, "q"), question_ids, "question")
            question = questions.get(node["q"])
            if question:
                _check_leaf_values(stem, node, path, question, option_values, where, problems)

    for index, criterion in enumerate(model["criteria"]["shared"]):
        check_tree("criteria", criterion, ("shared", index))
    problems.extend(_ref_cycles(model["criteria"]["shared"], where))
    for index, population in enumerate(model["ecm"]["ecm"]["populations"]):
        for track in ("adult", "child"):
            if population[track]:
                check_tree("ecm", population[track], ("ecm", "populations", index, track))
    check_tree("ecm", model["ecm"]["ecm"]["exclusions"]["criterion"], ("ecm", "exclusions", "criterion"))
    for index, service in enumerate(model["community_supports"]["services"]):
        refs("community_supports", service["group"], ("services", index, "group"), group_ids, "group")
        if service["criteria"]:
            check_tree("community_supports", service["criteria"], ("services", index, "criteria"))
    check_tree("chw", model["chw"]["chw"]["criteria"], ("chw", "criteria"))
    for index, question in enumerate(question_list):
        if question.get("ask_if"):
            check_tree("questions", question["ask_if"], ("questions", index, "ask_if"))
    problems.extend(_gate_problems(question_list, where))
    liaisons = ((model.get("justice_involved") or {}).get("justice_involved") or {}).get("liaisons") or {}
    if liaisons.get("applies_when"):
        check_tree("justice_involved", liaisons["applies_when"], ("justice_involved", "liaisons", "applies_when"))

    # availability
    for index, rule in enumerate(model["availability"]["rules"]):
        refs("availability", rule["plan"], ("rules", index, "plan"), plan_ids, "plan")
        for s_index, service in enumerate(rule["services"]):
            refs("availability", service, ("rules", index, "services", s_index), service_ids, "service")
        for c_index, county in enumerate(rule.get("counties", [])):
            refs("availability", county, ("rules", index, "counties", c_index), county_ids, "county")

    # contacts
    for index, contact in enumerate(model["contacts"]["contacts"]):
        refs("contacts", contact["organization"], ("contacts", index, "organization"), org_ids, "organization")
        area = contact.get("area")
        if area:
            refs("contacts", area["plan"], ("contacts", index, "area", "plan"), plan_ids, "plan")
            if "region" in area and regions.get(area["region"]) != area["plan"]:
                problems.append(f"{where('contacts', ('contacts', index, 'area', 'region'))}: region "
                                f"'{area['region']}' is not a region of plan '{area['plan']}'")
    for index, block in enumerate(model["contacts"].get("referral_rules", [])):
        refs("contacts", block["plan"], ("referral_rules", index, "plan"), plan_ids, "plan")
    problems.extend(_plan_coverage_problems(model, plan_ids, where, refs))
    problems.extend(_member_line_problems(model, where))
    figures = model["availability"].get("statewide_figures", [])
    figure_ids = unique("availability", figures, ("statewide_figures",), "figure") if figures else set()
    for index, figure in enumerate(figures):
        for f_index, other in enumerate(figure.get("disagrees_with", [])):
            refs("availability", other, ("statewide_figures", index, "disagrees_with", f_index), figure_ids, "figure")
    for index, contact in enumerate(model["justice_involved"]["justice_involved"]["liaisons"]["contacts"]):
        refs("justice_involved", contact, ("justice_involved", "liaisons", "contacts", index), contact_ids, "contact")
    return problems


def _check_variants(stem, variants, path, where, problems):
    """Dated variants of one rule: each from..until is a real range, and they follow each other without
    overlapping, so exactly one (or none) applies on any date."""
    previous_end = None
    for index, variant in enumerate(variants):
        start, end = variant.get("from"), variant.get("until")
        if start and end and end < start:
            problems.append(f"{where(stem, (*path, index, 'until'))}: 'until' {end} is before 'from' {start}")
        if index > 0 and (start is None or previous_end is None or start <= previous_end):
            problems.append(f"{where(stem, (*path, index, 'from'))}: this variant must start after the one before "
                            f"it ends (variants are in date order and must not overlap)")
        previous_end = end


def _check_leaf_values(stem, node, path, question, option_values, where, problems):
    kind = question["type"]
    if "options" in question:
        allowed = {option["value"] for option in question["options"]}
    else:
        allowed = option_values.get(question.get("options_from"), set())
    for op in ("eq", "ne", "lt", "le", "gt", "ge", "in", "any_of", "none_of"):
        if op not in node:
            continue
        value = node[op]
        values = value if isinstance(value, list) else [value]
        if kind == "boolean" and (op not in ("eq", "ne") or not isinstance(value, bool)):
            problems.append(f"{where(stem, (*path, op))}: question '{question['id']}' is yes/no: use eq: true or eq: false")
        elif kind == "integer" and (op in ("in", "any_of", "none_of") or isinstance(value, bool)
                                    or not isinstance(value, int)):
            problems.append(f"{where(stem, (*path, op))}: question '{question['id']}' takes a whole number")
        elif kind in ("choice", "multichoice"):
            if kind == "multichoice" and op not in ("any_of", "none_of"):
                problems.append(f"{where(stem, (*path, op))}: question '{question['id']}' is multiple choice: "
                                f"use any_of or none_of")
            if kind == "choice" and op not in ("eq", "ne", "in"):
                problems.append(f"{where(stem, (*path, op))}: question '{question['id']}' is single choice: "
                                f"use eq, ne or in")
            if question.get("open_list") and op == "any_of" and set(values) != set(allowed):
                left_out = ", ".join(sorted(set(allowed) - set(values)))
                problems.append(f"{where(stem, (*path, op))}: question '{question['id']}' lists examples from an open "
                                f"list, so any of its options must count; this test leaves out: {left_out}")
            for v_index, item in enumerate(values):
                if item not in allowed:
                    problems.append(f"{where(stem, (*path, op) + ((v_index,) if isinstance(value, list) else ()))}: "
                                    f"'{item}' is not an option of question '{question['id']}' "
                                    f"(options: {', '.join(sorted(map(str, allowed))[:12])})")


def _ref_cycles(shared: list, where) -> list[str]:
    """A shared criterion that refers, directly or through others, back to itself could never be evaluated."""
    index_of = {criterion["id"]: index for index, criterion in enumerate(shared)}
    refers = {criterion["id"]: [node["ref"] for _, node in _walk(criterion, ()) if isinstance(node, dict) and "ref" in node]
              for criterion in shared}
    problems, state = [], {}

    def visit(criterion_id, chain):
        if state.get(criterion_id) == "done" or criterion_id not in refers:
            return
        if state.get(criterion_id) == "active":
            loop = chain[chain.index(criterion_id):] + [criterion_id]
            problems.append(f"{where('criteria', ('shared', index_of[criterion_id], 'id'))}: shared criteria refer "
                            f"to each other in a loop: {' -> '.join(loop)}")
            return
        state[criterion_id] = "active"
        for target in refers[criterion_id]:
            visit(target, chain + [criterion_id])
        state[criterion_id] = "done"

    for criterion_id in refers:
        visit(criterion_id, [])
    return problems


def _walk(node, path):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


def _plan_coverage_problems(model: dict, plan_ids: set, where, refs) -> list[str]:
    """counties.yaml: each county's plan entries name a real plan (and one of its regions where it has them),
    the plan they serve under, and appear once per plan and region and start date."""
    problems = []
    plans = {plan["id"]: plan for plan in model["plans"]["plans"]}
    for c_index, county in enumerate(model["counties"]["counties"]):
        seen = set()
        if not county.get("plans"):
            problems.append(f"{where('counties', ('counties', c_index, 'plans'))}: list at least one plan entry "
                            f"(an unconfirmed plan with status inferred or unverified is fine)")
        for e_index, entry in enumerate(county.get("plans", [])):
            path = ("counties", c_index, "plans", e_index)
            plan = plans.get(entry["plan"])
            if plan is None:
                refs("counties", entry["plan"], (*path, "plan"), plan_ids, "plan")
                continue
            if "under" in entry:
                refs("counties", entry["under"], (*path, "under"), plan_ids - {entry["plan"]}, "plan")
            if plan.get("regions"):
                allowed = set(plan_facts.region_ids(plan))
                if "region" not in entry:
                    problems.append(f"{where('counties', (*path, 'plan'))}: plan '{entry['plan']}' has regions: "
                                    f"name one ({', '.join(sorted(allowed))})")
                elif entry["region"] not in allowed:
                    problems.append(f"{where('counties', (*path, 'region'))}: '{entry['region']}' is not a region "
                                    f"of plan '{entry['plan']}' (its regions: {', '.join(sorted(allowed))})")
            elif "region" in entry:
                problems.append(f"{where('counties', (*path, 'region'))}: plan '{entry['plan']}' has no regions")
            if entry.get("effective") and entry.get("ends") and entry["ends"] < entry["effective"]:
                problems.append(f"{where('counties', (*path, 'ends'))}: ends before it is effective")
            key = (entry["plan"], entry.get("region"), entry.get("effective"))
            if key in seen:
                problems.append(f"{where('counties', (*path, 'plan'))}: plan '{entry['plan']}' is listed twice "
                                f"for county '{county['id']}'")
            seen.add(key)
    for p_index, plan in enumerate(model["plans"]["plans"]):
        for r_index, relation in enumerate(plan.get("relationships", [])):
            for index, other in enumerate(relation["plans"]):
                refs("plans", other, ("plans", p_index, "relationships", r_index, "plans", index), plan_ids, "plan")
    return problems


def _member_line_problems(model: dict, where) -> list[str]:
    """Every plan has a published member line, or says in `not_found` that our sources give none."""
    published = plan_facts.published(model, today="0000-01-01")
    problems = []
    for p_index, plan in enumerate(model["plans"]["plans"]):
        has_line = plan_facts.member_line(published, plan["id"]) is not None
        says_missing = "member_line" in plan.get("not_found", [])
        if not has_line and not says_missing:
            problems.append(f"{where('plans', ('plans', p_index, 'id'))}: plan '{plan['id']}' has no published "
                            f"member line in contacts.yaml (role member_services or program_line, with a phone); "
                            f"add one, or add not_found: [member_line]")
        elif has_line and says_missing:
            problems.append(f"{where('plans', ('plans', p_index, 'not_found'))}: plan '{plan['id']}' has a member "
                            f"line in contacts.yaml; remove member_line from not_found")
    return problems


def _gate_problems(question_list: list, where) -> list:
    """A gate (content's `gate`) is a yes/no question standing in front of later questions that each have a
    `none` answer (what its "no" makes true) and no `ask_if` of their own (the gate becomes their ask_if), and
    each question has at most one gate."""
    problems, order = [], {q["id"]: i for i, q in enumerate(question_list)}
    gated_by: dict = {}
    for index, question in enumerate(question_list):
        for g_index, qid in enumerate(question.get("gate") or []):
            at = where("questions", ("questions", index, "gate", g_index))
            if question["type"] != "boolean":
                problems.append(f"{where('questions', ('questions', index, 'gate'))}: a gate must be a yes/no question")
                break
            target = question_list[order[qid]] if qid in order else None
            if target is None:
                problems.append(f"{at}: unknown question {qid!r}")
            elif order[qid] < index:
                problems.append(f"{at}: {qid!r} comes before its gate; a gate is asked first")
            elif "none" not in target and target["type"] not in ("boolean", "multichoice"):
                problems.append(f"{at}: {qid!r} has no `none` answer for the gate's no to give")
            elif target.get("ask_if"):
                problems.append(f"{at}: {qid!r} has its own ask_if; a gated question cannot")
            elif qid in gated_by:
                problems.append(f"{at}: {qid!r} already has a gate ({gated_by[qid]!r})")
            else:
                gated_by[qid] = question["id"]
    return problems
