#!/usr/bin/env python3
"""Writes a content folder at the scale of Sister Cities International's whole network, for
the benchmark (scripts/bench): N partner cities and M events, made up and marked as test data.

Usage: generate-scale-content.py OUT_DIR [CITIES=2000] [EVENTS=5000]
"""
import os
import random
import shutil
import sys

out = sys.argv[1]
cities = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
events = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
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
print(f"wrote {cities} cities and {events} events to {out}")
