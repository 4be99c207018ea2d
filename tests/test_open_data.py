"""The downloads in site/data/ agree with the pages, carry the last-reviewed date, and are deterministic."""
import csv
import datetime as dt
import io
import json

import pytest
from jsonschema import Draft202012Validator

from pagescan import article, page
from sitebuild import content, open_data


@pytest.fixture(scope="session")
def model():
    return content.load_content()


def _csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_availability_csv_and_json_agree_with_the_matrix_page(built_site, model):
    ui = model["ui"]["ui"]
    rows = _csv(built_site / "data" / "availability.csv")
    data = json.loads((built_site / "data" / "availability.json").read_text(encoding="utf-8"))
    assert data["rows"] == rows
    matrix = page(built_site, "availability/").by_id("availability-matrix")
    cells = {}
    for tr in matrix.find("tbody").find_all("tr"):
        for td in tr.find_all("td", cls="cell"):
            cells[(tr.get("data-county"), tr.get("data-plan"), td.get("data-service"))] = td
    checked = 0
    for row in rows:
        if row["plan_id"]:
            td = cells[(row["county_id"], row["plan_id"], row["service_id"])]
            assert td.find("span", cls="st").text() == ui[f"availability.{row['status']}"], row
            assert (td.find("a", cls="conflict-mark") is not None) == bool(row["conflict"]), row
            cited = {a.get("href")[len("#src-"):] for a in td.find_all("a") if a.get("href", "").startswith("#src-")}
            assert cited == set(filter(None, (row["sources"] + ";" + row["next_sources"]).split(";"))), row
            checked += 1
        else:
            assert row["status"] == "unknown"
            td = cells[(row["county_id"], "none", None)]
            assert ui["availability.unknown"] in td.text()
    assert checked == sum(1 for key in cells if key[1] != "none")
    assert {r["county_id"] for r in rows} == {c["id"] for c in model["counties"]["counties"]}


def test_seed_exceptions_are_in_the_availability_download(built_site):
    rows = {(r["county_id"], r["plan_id"], r["service_id"]): r for r in _csv(built_site / "data" / "availability.csv")}
    assert rows[("san_mateo", "kp", "recuperative_care")]["status"] == "not_offered"
    assert "Recuperative Care" in rows[("san_mateo", "kp", "recuperative_care")]["conflict"]
    assert rows[("marin", "kp", "sobering_centers")]["status"] == "not_offered"
    assert rows[("alameda", "kp", "sobering_centers")]["status"] == "offered"
    from sitebuild.content import load_content
    no_plan = next(c["id"] for c in load_content()["counties"]["counties"] if not c["plans"])
    assert rows[(no_plan, "", "sobering_centers")]["status"] == "unknown"


def test_contacts_csv_and_json_agree_with_the_contact_page(built_site, model):
    rows = _csv(built_site / "data" / "contacts.csv")
    data = json.loads((built_site / "data" / "contacts.json").read_text(encoding="utf-8"))
    assert [r["service_id"] for r in rows] == [s["service_id"] for s in data["services"]] == \
        [c["id"] for c in model["contacts"]["contacts"]]
    doc = article(page(built_site, "contacts/"))
    links = {(a.get("href"), a.text()) for a in doc.find_all("a")}
    for service in data["services"]:
        card = doc.by_id(f"contact-{service['service_id']}")
        assert card is not None and card.text().startswith(service["name"])
        for phone in service["phones"]:
            assert (phone["tel"], phone["number"]) in links
        if service["email"]:
            assert (f"mailto:{service['email']}", service["email"]) in links
        for line in service["email_subject_lines"]:
            assert (line["mailto"], line["subject"]) in links
    for row in rows:
        for number, tel in zip(filter(None, row["phone_number"].split(";")), filter(None, row["phone_tel"].split(";"))):
            assert (tel, number) in links
    names = {r["organization_id"]: r["organization_name"] for r in rows}
    assert names["kp"] == "Kaiser Permanente" and names["dhcs"]


def test_contacts_use_hsds_field_names(built_site):
    header = (built_site / "data" / "contacts.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    for field in ("organization_id", "service_id", "name", "description", "phone_number", "email",
                  "schedule_description", "last_reviewed"):
        assert field in header


def test_content_json_is_the_validated_model_and_validates_against_its_schema(built_site, model):
    data = json.loads((built_site / "data" / "content.json").read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(model))
    schema = json.loads((built_site / "data" / "content.schema.json").read_text(encoding="utf-8"))
    original = json.loads(content.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert {k: v for k, v in schema.items() if k != "$comment"} == original
    Draft202012Validator(schema).validate(data)


def test_every_download_carries_the_last_reviewed_date(built_site, model):
    reviewed = open_data.last_reviewed(model)
    assert reviewed == str(model["site"]["site"]["reviewed"])
    for name in ("availability.csv", "contacts.csv"):
        rows = _csv(built_site / "data" / name)
        assert rows and all(r["last_reviewed"] == reviewed for r in rows), name
    for name in ("availability.json", "contacts.json"):
        assert json.loads((built_site / "data" / name).read_text(encoding="utf-8"))["last_reviewed"] == reviewed
    assert json.loads((built_site / "data" / "content.json").read_text(encoding="utf-8"))["site"]["site"]["reviewed"] == reviewed
    assert reviewed in json.loads((built_site / "data" / "content.schema.json").read_text(encoding="utf-8"))["$comment"]


def test_downloads_are_deterministic(model, tmp_path):
    day = dt.date(2026, 11, 23)
    open_data.write_all(model, tmp_path / "a", day)
    open_data.write_all(model, tmp_path / "b", day)
    names = sorted(p.name for p in (tmp_path / "a" / "data").iterdir())
    assert names == sorted(["availability.csv", "availability.json", "content.json", "content.schema.json",
                            "contacts.csv", "contacts.json", "plans.csv", "plans.json"])
    for name in names:
        assert (tmp_path / "a" / "data" / name).read_bytes() == (tmp_path / "b" / "data" / name).read_bytes()
