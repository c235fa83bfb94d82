"""scripts/new_practice.py writes entries that pass the validator."""

from __future__ import annotations

import new_practice
from platforma.content.practices import load_practices


def test_options_give_a_valid_entry(tmp_path, capsys):
    status = new_practice.main(
        [
            "--title-pl",
            "Pomoc dla małoletnich bez opieki",
            "--title-en",
            "Help for unaccompanied minors",
            "--summary-pl",
            'Krótki opis: "cytat" i dwukropek.',
            "--summary-en",
            "",
            "--implementer",
            "Przykładowa fundacja",
            "--actor-type",
            "ngo",
            "--target-groups",
            "unaccompanied_minors,minors",
            "--themes",
            "legal_aid",
            "--level",
            "local",
            "--source",
            "Sprawozdanie z projektu (przykład)",
            "--dir",
            str(tmp_path),
        ],
        ask=lambda prompt: (_ for _ in ()).throw(AssertionError(f"asked {prompt}")),
    )
    assert status == 0, capsys.readouterr()
    path = tmp_path / "pomoc-dla-maloletnich-bez-opieki.yml"
    result = load_practices([path])
    assert result.ok, result.problems
    practice = result.practices[0]
    assert practice.summary.pl == 'Krótki opis: "cytat" i dwukropek.'
    assert practice.target_groups == ("unaccompanied_minors", "minors")
    assert "# status:" in path.read_text(encoding="utf-8")


def test_interactive_answers_and_retries(tmp_path, capsys):
    answers = iter(
        [
            "Sieć mentorów",
            "",
            "Mentorzy wspierają uchodźców.",
            "",
            "Stowarzyszenie (przykład)",
            "ngo",  # actor type by code
            "kids",
            "1,2",  # an unknown group first, then numbers
            "networking",
            "local",
            "",  # empty source: asked again
            "Raport (przykład)",
        ]
    )
    status = new_practice.main(["--dir", str(tmp_path)], ask=lambda prompt: next(answers))
    out = capsys.readouterr().out
    assert status == 0, out
    assert "Unknown target group 'kids'" in out and "This field is required." in out
    result = load_practices([tmp_path / "siec-mentorow.yml"])
    assert result.ok and result.practices[0].target_groups == ("minors", "unaccompanied_minors")


def test_refuses_to_overwrite(tmp_path):
    (tmp_path / "x.yml").write_text("id: x\n", encoding="utf-8")
    args = [
        "--id",
        "x",
        "--title-pl",
        "X",
        "--title-en",
        "",
        "--summary-pl",
        "S",
        "--summary-en",
        "",
        "--implementer",
        "I",
        "--actor-type",
        "ngo",
        "--target-groups",
        "minors",
        "--themes",
        "education",
        "--level",
        "local",
        "--source",
        "S",
        "--dir",
        str(tmp_path),
    ]
    assert new_practice.main(args) == 1
    assert (tmp_path / "x.yml").read_text(encoding="utf-8") == "id: x\n"


REQUIRED = [
    "--summary-pl",
    "Opis.",
    "--title-en",
    "",
    "--summary-en",
    "",
    "--implementer",
    "Fundacja",
    "--actor-type",
    "ngo",
    "--target-groups",
    "minors",
    "--themes",
    "education",
    "--level",
    "local",
    "--source",
    "Sprawozdanie",
]


def test_an_id_that_is_a_path_is_refused_before_anything_is_written(tmp_path, capsys):
    folder = tmp_path / "practices"
    argv = ["--title-pl", "Tytuł", "--id", "../../evil", *REQUIRED, "--dir", str(folder)]
    assert new_practice.main(argv, ask=lambda prompt: "") == 1
    assert "not a valid id" in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.yml"))


def test_a_title_without_latin_letters_asks_for_an_id(tmp_path, capsys):
    answers = iter(["Zły Id", "pomoc-ukraina"])
    argv = ["--title-pl", "Допомога дітям", *REQUIRED, "--dir", str(tmp_path)]
    assert new_practice.main(argv, ask=lambda prompt: next(answers)) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["pomoc-ukraina.yml"]  # never ".yml"


def test_without_a_terminal_it_explains_instead_of_crashing(tmp_path, capsys):
    def no_terminal(prompt: str) -> str:
        raise EOFError

    assert new_practice.main(["--dir", str(tmp_path)], ask=no_terminal) == 2
    assert "no answer could be read" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_an_entry_that_would_not_validate_is_not_written(tmp_path, capsys):
    argv = ["--title-pl", "Tytuł", *REQUIRED, "--dir", str(tmp_path)]
    argv[argv.index("--implementer") + 1] = "x" * 20_001  # over the length limit
    assert new_practice.main(argv, ask=lambda prompt: "") == 1
    assert "Nothing was written" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_an_organisation_on_the_platform_is_named_by_id(tmp_path, capsys):
    """Given an organisation's id or one of its full names, the entry refers to its file (no type is asked)."""
    for answer, expected in (("iom", "iom"), ("office for foreigners", "udsc")):
        folder = tmp_path / answer.replace(" ", "-")
        options = ["--title-pl", "Szkolenie", "--summary-pl", "Opis.", "--summary-en", "", "--title-en", ""]
        options += ["--implementer", answer, "--target-groups", "minors", "--themes", "legal_aid", "--level", "local"]
        options += ["--source", "Sprawozdanie (przykład)", "--dir", str(folder)]
        status = new_practice.main(options, ask=lambda prompt: (_ for _ in ()).throw(AssertionError(prompt)))
        assert status == 0, capsys.readouterr()
        path = folder / "szkolenie.yml"
        assert f"implementer: {{organisation: {expected}}}\n" in path.read_text(encoding="utf-8")
        result = load_practices([path])
        assert result.ok and result.practices[0].implementer.organisation == expected, result.problems
