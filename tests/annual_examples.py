"""A small, hand-counted set of example reports for the annual overview and the feeds.

Published in 2024: A, B, C (C has no date: it counts on 1 January 2024). Published in 2023: G.
Not published: D (draft), E (approved but under embargo until 2099), W (withdrawn).

Hand counts for 2024: 3 reports; 4 distinct students (Jorrit de Vries wrote A and B); 4
programmes; 3 institutions; 3 levels; 2 commissioners ('WIJ Selwerd' = 'wij selwerd'); 2 wijken
(Selwerd, Beijum; 'gemeentebreed' is not a wijk). For 2023: 1 of each.
"""

from __future__ import annotations

from conftest import Repo

TRICKY_TITLE = 'Armoede & <b>schaamte</b> in *Beijum* [1] | "ruilkast"'

FIGURES_2024 = {
    "reports": 3,
    "authors": 4,
    "programmes": 4,
    "institutions": 3,
    "levels": 3,
    "commissioners": 2,
    "wijken": 2,
}
FIGURES_2023 = dict.fromkeys(FIGURES_2024, 1)

#: slug → (wijken, thema's, instellingen) of the published reports
PUBLISHED = {
    "a-eenzaamheid-selwerd": (["selwerd"], ["eenzaamheid", "ouderen"], ["hanzehogeschool"]),
    "b-armoede-beijum": (["beijum", "gemeentebreed"], ["armoede"], ["rug"]),
    "c-digitaal-selwerd": (["selwerd"], ["digitale-vaardigheden"], ["noorderpoort"]),
    "g-eenzaamheid-2023": (["selwerd"], ["eenzaamheid"], ["hanzehogeschool"]),
}
HIDDEN = ("d-concept-vinkhuizen", "e-embargo-lewenborg", "w-teruggetrokken")


def add_examples(repo: Repo) -> None:
    repo.add_report(
        slug="a-eenzaamheid-selwerd",
        title="Eenzaamheid onder ouderen in Selwerd",
        authors=[
            {"name": "Fatima El Amrani", "programme": "Toegepaste Psychologie"},
            {"name": "Jorrit de Vries", "programme": "Social Work"},
        ],
        date="2024-06-14",
        findings=["Een derde van de ouderen eet vaak alleen."],
        recommendations=["Open het wijkrestaurant ook op zondag."],
    )
    repo.add_report(
        slug="b-armoede-beijum",
        title=TRICKY_TITLE,
        authors=[
            {"name": "Jorrit  de Vries", "programme": "Social Work"},
            {"name": "Sanne Bos", "programme": "Sociologie"},
        ],
        institution="rug",
        level="wo",
        date="2024-11-02",
        neighbourhood=["beijum", "gemeentebreed"],
        theme="armoede",
        commissioner="Gemeente Groningen",
        summary="Ouders in Beijum vragen <geen> regelingen aan uit schaamte & onbekendheid.",
        findings=["12 van de 34 ouders gebruikten de Stadjerspas."],
        recommendations=["Leg de regelingen uit op één A4."],
        review={"by": "dr. R. Jonker", "date": "2024-11-20"},
    )
    repo.add_report(
        slug="c-digitaal-selwerd",
        title="Digitale vaardigheden in het Wijkbedrijf",
        authors=[{"name": "Esra Yıldız", "programme": "Maatschappelijke Zorg"}],
        institution="noorderpoort",
        level="mbo",
        date=None,
        theme="digitale-vaardigheden",
        commissioner="wij selwerd",
        findings=["Bewoners vragen vooral hulp bij DigiD."],
        recommendations=[],
    )
    repo.add_report(
        slug="g-eenzaamheid-2023",
        year=2023,
        title="Eenzaamheid in Selwerd, een eerste verkenning",
        authors=[{"name": "Piet Jansen", "programme": "Social Work"}],
        date="2023-10-01",
        theme="eenzaamheid",
        review={"by": "dr. M. Bakker", "date": "2023-10-10"},
    )
    repo.add_report(
        slug="d-concept-vinkhuizen",
        title="Concept over Vinkhuizen",
        authors=[{"name": "Niet Meetellen", "programme": "Geheim"}],
        neighbourhood="vinkhuizen",
        theme="integratie",
        status="draft",
        review=None,
        consent=None,
    )
    repo.add_report(
        slug="e-embargo-lewenborg",
        title="Onder embargo in Lewenborg",
        authors=[{"name": "Ook Niet", "programme": "Embargo"}],
        neighbourhood="lewenborg",
        theme="wijkvernieuwing",
        embargo_until="2099-01-01",
    )
    repo.add_report(
        slug="w-teruggetrokken",
        title="Teruggetrokken onderzoek",
        neighbourhood="vinkhuizen",
        status="withdrawn",
        withdrawn_reason="Op verzoek van de opdrachtgever.",
    )
