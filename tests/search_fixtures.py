"""A small collection of distinct reports for the search tests (Dutch, English and Arabic)."""

from __future__ import annotations

from conftest import Repo


def add_search_reports(repo: Repo) -> None:
    repo.add_report(
        body="## Inleiding\n\nOuderen in Selwerd ontmoeten elkaar in het wijkrestaurant.\n",
        findings=["Een derde van de ouderen eet vaak alleen."],
    )
    repo.add_report(
        slug="hulp-telefoon-paddepoel",
        year=2019,
        date="2019-04-12",
        title="Hulp met de telefoon",
        neighbourhood="Paddepoel-Noord",
        theme=["digitale-vaardigheden"],
        institution="noorderpoort",
        level="mbo",
        type="factsheet",
        summary="Een oudere bezoeker van het spreekuur heeft vaak vragen over DigiD en bankieren.",
        findings=["Vragen over inloggen bij de bank komen het meest voor."],
        recommendations=["Start een telefooncursus in het hoofdkwartier."],
        body="## Spreekuur\n\nWe hielden tien weken bij welke vragen bezoekers stelden.\n",
    )
    repo.add_report(
        slug="loneliness-students-binnenstad",
        year=2022,
        date="2022-03-01",
        title="Loneliness among international students",
        language="en",
        neighbourhood="binnenstad",
        theme=["eenzaamheid"],
        institution="rug",
        level="wo",
        summary="International students in the city centre often feel lonely in their first year.",
        findings=["Half of the students had no Dutch friends after six months."],
        recommendations=["Pair new students with a buddy from the neighbourhood."],
        body="## Introduction\n\nWe interviewed twenty students about loneliness.\n",
    )
    repo.add_report(
        slug="ouderen-arabisch-selwerd",
        year=2023,
        date="2023-01-10",
        title="الوحدة بين كبار السن في سلفيرد",
        language="ar",
        theme=["ouderen"],
        summary="كبار السن في سلفيرد يشعرون بالوحدة في فصل الشتاء.",
        findings=["نصف المشاركين يعيشون بمفردهم."],
        recommendations=["افتحوا المطعم يوم الأحد."],
        body="## مقدمة\n\nتحدثنا مع عشرين من كبار السن.\n",
    )
    repo.add_report(
        slug="kinderarmoede-de-hoogte",
        year=2021,
        date="2021-05-01",
        title="Kinderarmoede in De Hoogte",
        neighbourhood="de-hoogte",
        theme=["armoede"],
        summary="Gezinnen in De Hoogte met weinig geld missen vaak sport en muziekles.",
        findings=["Veel ouders kennen het kindpakket niet."],
        recommendations=["Vertel op school over het kindpakket."],
        body="## Aanpak\n\nWe spraken met ouders op het schoolplein.\n",
    )
    repo.add_report(
        slug="concept-ouderen-vinkhuizen",
        title="Concept over ouderen in Vinkhuizen",
        neighbourhood="vinkhuizen",
        status="draft",
        review=None,
        consent=None,
        summary="Nog niet klaar: ouderen in Vinkhuizen.",
        findings=["Nog geen bevindingen over ouderen."],
    )
