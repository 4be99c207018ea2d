"""Which region of a plan serves a county: the one index both the screener and the site's pages use."""


def region_index(plans) -> dict:
    """{(plan_id, county_id): region} from (plan_id, plan) pairs, each plan with `regions`: [{id, counties}]."""
    return {
        (plan_id, county): region
        for plan_id, plan in plans
        for region in plan.get("regions", [])
        for county in region.get("counties", [])
    }
