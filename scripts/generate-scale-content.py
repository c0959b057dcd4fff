#!/usr/bin/env python3
"""Writes a content folder at the scale of Sister Cities International's whole network, for
the benchmark (scripts/bench): N partner cities and M events, made up and marked as test data.

Usage: generate-scale-content.py [--es] OUT_DIR [CITIES=2000] [EVENTS=5000]

The site's languages are those of the bundled site.toml (English and Spanish). With --es,
every other city and event also gets a Spanish translation file (`<slug>.es.toml`), its
texts prefixed "ES: " and marked as up to date, as translators would leave them.
"""
import hashlib
import os
import random
import shutil
import sys

args = [a for a in sys.argv[1:] if a != "--es"]
spanish = "--es" in sys.argv[1:]
out = args[0]
cities = int(args[1]) if len(args) > 1 else 2000
events = int(args[2]) if len(args) > 2 else 5000


def fingerprint(text):
    """As `sister-cities translations mark` records the English a text was translated from."""
    return hashlib.sha256(text.replace("\r\n", "\n").strip().encode()).hexdigest()[:8]


def translation(texts):
    """A translation file: each text (path, English) in Spanish, then the marks."""
    lines, marks = [], []
    tables = {}
    for path, english in texts:
        parts = path.split(".")
        spanish_text = "ES: " + english.strip()
        if len(parts) == 1:
            lines.append(f"{path} = {toml_string(spanish_text)}")
        else:
            tables.setdefault(parts[0], []).append((parts[1:], spanish_text))
        key = path if "." not in path else f'"{path}"'
        marks.append(f'{key} = "{fingerprint(english)}"')
    for table, items in tables.items():
        # Lists of tables: one [[table]] per item, in order.
        for index in sorted({int(rest[0]) for rest, _ in items}):
            lines.append(f"\n[[{table}]]")
            for rest, text in items:
                if int(rest[0]) == index:
                    lines.append(f"{rest[1]} = {toml_string(text)}")
    return "\n".join(lines) + "\n\n[translated_from]\n" + "\n".join(marks) + "\n"


def toml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

here = os.path.dirname(os.path.abspath(__file__))
content = os.path.join(here, "..", "content")

random.seed(42)
shutil.rmtree(out, ignore_errors=True)
os.makedirs(os.path.join(out, "cities"))
os.makedirs(os.path.join(out, "events"))
# The real site-wide files, so every page renders as it would for the city.
for name in os.listdir(content):
    path = os.path.join(content, name)
    if os.path.isfile(path) and name.endswith(".toml"):
        shutil.copy(path, out)
# The real partners too, which the news items name.
for name in os.listdir(os.path.join(content, "cities")):
    shutil.copy(os.path.join(content, "cities", name), os.path.join(out, "cities"))
if os.path.isdir(os.path.join(content, "news")):
    shutil.copytree(os.path.join(content, "news"), os.path.join(out, "news"))

zones = ["Europe/Paris", "America/Mexico_City", "Asia/Tokyo", "Europe/Rome", "Africa/Nairobi",
         "America/Sao_Paulo", "Australia/Sydney", "Asia/Kolkata", "Europe/Berlin", "Pacific/Auckland"]
countries = [("France", "FR"), ("Mexico", "MX"), ("Japan", "JP"), ("Italy", "IT"), ("Kenya", "KE"),
             ("Brazil", "BR"), ("Australia", "AU"), ("India", "IN"), ("Germany", "DE"), ("New Zealand", "NZ")]
for i in range(1, cities + 1):
    k = i % len(countries)
    country, code = countries[k]
    year = 1960 + i % 60
    with open(os.path.join(out, "cities", f"city-{i:04d}.toml"), "w") as f:
        f.write(f'''#:schema ../schema/city.schema.json
# Test data for the benchmark: not a real partnership.
name = "Testcity {i}"
native_name = "Testcity {i}"
native_name_lang = "en"
country = "{country}"
country_code = "{code}"
region = "Test Region {i % 50}"
latitude = {random.uniform(-60, 70):.4f}
longitude = {random.uniform(-179, 179):.4f}
time_zone = "{zones[k]}"
website = "https://city-{i}.example.org"
summary = "Test partner city number {i}, for measuring the site at scale."
description = """
Test partner city number {i}. This text stands in for a few paragraphs about the city and
the partnership, as staff would write them.

A second paragraph, so the page has the size of a real one.
"""

[population]
count = {random.randint(5000, 3000000)}
year = 2020

[[milestones]]
kind = "first-contact"
date = "{year - 2}"
note = "First contact (test data)."

[[milestones]]
kind = "sister-city-agreement"
date = "{year}-0{1 + i % 9}-1{i % 9}"
note = "Sister-city agreement (test data)."
''')
    if spanish and i % 2 == 0:
        description = (f"Test partner city number {i}. This text stands in for a few paragraphs "
                       "about the city and\nthe partnership, as staff would write them.\n\n"
                       "A second paragraph, so the page has the size of a real one.\n")
        with open(os.path.join(out, "cities", f"city-{i:04d}.es.toml"), "w") as f:
            f.write(translation([
                ("country", country),
                ("region", f"Test Region {i % 50}"),
                ("summary", f"Test partner city number {i}, for measuring the site at scale."),
                ("description", description),
                ("milestones.0.note", "First contact (test data)."),
                ("milestones.1.note", "Sister-city agreement (test data)."),
            ]))
for i in range(1, events + 1):
    city = 1 + i % cities
    year = 2024 + i % 4
    month = 1 + i % 12
    day = 1 + i % 28
    with open(os.path.join(out, "events", f"event-{i:05d}.toml"), "w") as f:
        f.write(f'''#:schema ../schema/event.schema.json
# Test data for the benchmark: not a real event.
title = "Test event {i}"
start = {year}-{month:02d}-{day:02d}T18:00:00
end = {year}-{month:02d}-{day:02d}T20:00:00
place = "Norman Public Library Central"
cities = ["city-{city:04d}"]
description = "A test event, for measuring the site at scale."
''')
    if spanish and i % 2 == 0:
        with open(os.path.join(out, "events", f"event-{i:05d}.es.toml"), "w") as f:
            f.write(translation([
                ("title", f"Test event {i}"),
                ("place", "Norman Public Library Central"),
                ("description", "A test event, for measuring the site at scale."),
            ]))
print(f"wrote {cities} cities and {events} events to {out}" + (", every other one translated" if spanish else ""))
