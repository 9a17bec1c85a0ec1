"""``station classify FILE... --json``: the exact contract other tools depend on, on real OCR."""

import json

import pytest

from station.classify.evaluate import load_letters
from station.classify.render import render_letter
from station.cli import main

KEYS = {"file", "doc_type", "department", "confidence", "needs_review", "review_reason", "fields", "pages"}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Three hand-written letters printed as a scan, a fax and a scan with a transfer slip."""
    by_name = {l.name: l for l in load_letters()}
    out = tmp_path_factory.mktemp("mail")
    chosen = [by_name["k01"], by_name["a03"], by_name["z02"]]
    return [(render_letter(l.text, out / f"{l.name}.png", l.render), l) for l in chosen]


def run_json(capsys, args):
    code = main(["classify", *args, "--json"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return code, lines


def test_each_file_is_one_document_with_type_department_fields_and_pages(rendered, capsys, monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('own_ibans = ["DE38 6144 1819 5674 8806 01"]\nown_phone_numbers = ["0800 1122334"]\n')
    monkeypatch.setenv("STATION_CONFIG", str(config))
    code, lines = run_json(capsys, [str(p) for p, _ in rendered])
    assert code == 0
    assert [l["file"] for l in lines] == [str(p) for p, _ in rendered]
    for record, (_, letter) in zip(lines, rendered):
        assert set(record) == KEYS
        assert set(record["fields"]) == {"customer_number", "phone_number", "iban"}
        assert record["doc_type"] == letter.label
        assert record["fields"] == letter.expected  # customer number, phone (fax header ignored), IBAN
        assert 0.0 <= record["confidence"] <= 1.0 and isinstance(record["needs_review"], bool)
        assert (record["review_reason"] is None) == (not record["needs_review"]), "a review always says why"
        assert record["pages"] and all(set(p) == {"index", "rotation", "skew"} for p in record["pages"])


def test_a_file_that_cannot_be_read_gets_an_error_line_and_the_rest_go_on(rendered, capsys, tmp_path):
    broken = tmp_path / "broken.tif"
    broken.write_bytes(b"II*\x00 this is not really a fax")
    good = str(rendered[1][0])
    code, lines = run_json(capsys, [str(broken), good])
    assert code != 0
    assert lines[0]["file"] == str(broken) and lines[0]["error"]
    assert "doc_type" not in lines[0]
    assert lines[1]["file"] == good and lines[1]["doc_type"] == "adressaenderung"


def test_blank_back_pages_are_dropped(capsys, tmp_path):
    from PIL import Image

    letter = next(l for l in load_letters() if l.name == "w01")
    front = render_letter(letter.text, tmp_path / "front.png", "scan")
    pages = [Image.open(front).convert("L"), Image.new("L", Image.open(front).size, 255)]
    duplex = tmp_path / "duplex.tif"
    pages[0].save(duplex, save_all=True, append_images=pages[1:], dpi=(300, 300))
    code, lines = run_json(capsys, [str(duplex)])
    assert code == 0
    assert [p["index"] for p in lines[0]["pages"]] == [0]
    assert lines[0]["doc_type"] == "widerruf"


def test_field_hits_point_at_the_words_on_the_page(rendered):
    from station.classify import classify_files

    path, letter = rendered[0]
    [(_, decision)] = list(classify_files([path]))
    hit = next(h for h in decision.hits if h.name == "customer_number")
    assert hit.value == letter.expected["customer_number"]
    page = next(p for p in decision.pages if p.index == hit.page_index)
    box = hit.box
    assert box is not None and 0 <= box.x < page.width and 0 <= box.y < page.height
    inside = [w.text for w in page.words if box.x <= w.left + w.width / 2 <= box.x + box.width
              and box.y <= w.top + w.height / 2 <= box.y + box.height]
    assert hit.value in "".join(inside).replace(" ", "")


def test_a_page_of_garbage_goes_to_review_and_says_it_is_unreadable(capsys, tmp_path):
    import random

    rng = random.Random(3)
    garbage = "\n".join(" ".join("".join(rng.choice("qxzvkjw") for _ in range(rng.randint(2, 7)))
                                  for _ in range(9)) for _ in range(14))
    page = render_letter(garbage, tmp_path / "garbage.png", "scan")
    code, (record,) = run_json(capsys, [str(page)])
    assert code == 0
    assert (record["doc_type"], record["needs_review"], record["review_reason"]) == ("sonstiges", True, "unreadable")
    main(["classify", str(page)])
    assert "bitte prüfen: Der Text ist nicht lesbar" in capsys.readouterr().out
