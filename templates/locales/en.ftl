# The site's interface in US English: the source language, whose ids every other catalogue
# has too (a test checks). The City's voice: plain words, sentence case, no abbreviations.
# Numbers in arguments are grouped by the program ("2,000"); texts from content are escaped.

## The language itself, as the language switcher names it (in its own language)
language-name = English
languages-label = Languages

## Every page
skip-link = Skip to content
banner-label = Official website of the { $city }
banner-text = An official website of the { $city }
nav-label = Main
breadcrumbs-label = Breadcrumb
feed-link-title = { $program } news
calendar-link-title = { $program } events
untranslated-note = This text is not translated yet.
and = and
continued = (continued)
sources-heading = Sources
last-reviewed = Last reviewed:

## Footer
footer-contact = Contact
footer-get-involved = How to get involved
footer-member-of = A member of { $organization }.
footer-about-label = About this website
contact-phone = Phone:
contact-email = Email:
contact-website = Website:
city-website = { $city } website

## Lists in pages
pagination-previous = Previous
pagination-previous-hidden = {" "}page
pagination-next = Next
pagination-next-hidden = {" "}page
pagination-page-hidden = Page{" "}
page-title = { $heading }, page { $number } of { $total }
page-crumb = Page { $number }
page-of-total = , page { $number } of { $total }
page-n-of-total = page { $number } of { $total }

## Dates, times, numbers
date-on-day = on { $date }
date-in-month = in { $date }
date-in-year = in { $date }
date-today = today, { $date }
days-span = { $first } to { $last }
time-span-same-day = { $date }, { $start } to { $end } { $zone }
time-span-days = { $start-date }, { $start } { $start-zone } to { $end-date }, { $end } { $end-zone }
event-home-time = In { $home }: { $time }
ordinal = { NUMBER($n, type: "ordinal") ->
    [one] { $n }st
    [two] { $n }nd
    [few] { $n }rd
   *[other] { $n }th
}
distance = { $km } km ({ $miles } miles)
count-events = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
count-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
count-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
duration-hours-minutes = { $hours } { $minutes }
time-same = The same time as { $home }
time-ahead = { $duration } ahead of { $home }
time-behind = { $duration } behind { $home }
time-range-ahead = Over the year it is between { $from } and { $to } ahead of { $home }, as daylight saving time starts and ends.
time-range-behind = Over the year it is between { $from } and { $to } behind { $home }, as daylight saving time starts and ends.
time-range-across = Over the year it is between { $from } behind and { $to } ahead of { $home }, as daylight saving time starts and ends.
zone-central = Central Time
zone-central-mexico-city = Central Time (Mexico City)
zone-japan = Japan Standard Time
zone-central-european = Central European Time
zone-utc = Coordinated Universal Time
zone-city = { $city } Time

## The home page
home-description = { $city } and its sister cities: { $names }.
home-description-more = { $city } and its { $count } sister cities, the oldest partnerships first: { $names }.
home-more-cities = { $city } has { $count } sister cities.
home-oldest-cards = Here are the { $count } oldest partnerships.
home-all-cities = All { $count } sister cities, by country
home-open-data = The list of sister cities is also published as open data:
open-data-csv = sister cities as CSV
open-data-json = sister cities as JSON
home-attribution = { $city } is a member of { $organization }. The description, mission statement and goals below are in { $organization }'s own words.
upcoming-events = Upcoming events
home-no-events = No events are scheduled at the moment.
home-all-events = All events and partnership anniversaries
sister-city-since = Sister city since
a-sister-city-since = a sister city since
distance-from = { $distance } from { $city }

## The map
map-title = { $city } and its sister cities on a world map
map-caption = { $city } (red) and its sister cities, numbered as in the list, joined by the shortest routes over the globe. Land outlines: Natural Earth (public domain).
map-caption-more = { $city } (red), its { $count } oldest partnerships, numbered as in the list, joined by the shortest routes over the globe, and its other sister cities (small dots). Land outlines: Natural Earth (public domain).
map-numbered = numbered as in the list of sister cities: { $names }
map-description = A world map marking { $home } and its { $count } sister { $count ->
    [one] city
   *[other] cities
}, { $numbered }. Each is joined to { $home } by a line along the shortest route over the globe.
map-description-more = A world map marking { $home } and its { $total } sister cities. The { $count } oldest partnerships are { $numbered }; each is joined to { $home } by a line along the shortest route over the globe. The other { $others } are small dots; the directory of all sister cities lists every one.

## The directory of sister cities
cities-heading = All sister cities
cities-pages-label = Pages of the directory
cities-description = Every sister city of the { $city }: { $total } partnerships in { $countries ->
    [one] { $countries } country
   *[other] { $countries } countries
}, by country{ $page }.
cities-lead = { $city } has { $total } sister cities in { $countries ->
    [one] { $countries } country
   *[other] { $countries } countries
}, listed here by country.
cities-lead-page = { $city }'s { $total } sister cities by country: { $page }.
cities-open-data = They are also published as open data:
cities-countries = Countries

## A sister city's page
city-facts = Key facts
city-country = Country
city-region = Region
city-native-name = Name in the local language
city-population = Population
population-census = { $count } ({ $year })
population-estimate = { $count } ({ $year } estimate)
city-distance = Distance from { $city }
city-distance-value = { $distance }, by the shortest route over the globe
city-local-time = Local time
city-local-time-home = in { $city }
city-time-difference = Time difference
city-time-zone = Time zone
city-website-label = Official website
city-official-website = { $city } official website
city-about = About { $city }
city-partnership = The partnership
milestone-first-contact = First contact
milestone-friendship-agreement = Friendship agreement
milestone-sister-city-agreement = Sister-city agreement
milestone-visit = Visit
partnership-age = { $count ->
    [one] { $count } year old
   *[other] { $count } years old
}
partnership-is = The partnership is { $age }.
partnership-its = Its
partnership-the = The partnership's
partnership-next = { $ordinal } anniversary is
city-all-events = All upcoming events
city-all-news = All news
city-exchanges = Exchanges and projects
city-photos = Photos
photo-caption = { $alt }. Credit: { $credit }
back-to-cities = Back to all sister cities

## Events
events-heading = Events
events-description = Events of the { $program } program of the { $city }, and the anniversaries of its partnerships.
events-lead = Events of the { $program } program, and the anniversaries of { $city }'s partnerships.
events-calendar-intro = Add the events to your calendar app:
events-calendar-link = subscribe to the events calendar (iCalendar)
events-none = No events are scheduled at the moment. Coming events will be listed here; to ask about them, see
events-none-link = how to get involved
events-more-upcoming = These are the next { $count }. The { $more } after them are on the
events-year-pages = pages of each year
anniversaries-heading = Partnership anniversaries
anniversaries-lead = The next round-number anniversary of each sister-city agreement.
anniversary-ordinal = { $ordinal } anniversary
anniversaries-more = These are the next { $count }. Each sister city's page gives its own next anniversary.
past-events = Past events
events-more-past = These are the latest. Every past event is on the
events-by-year = Events by year
events-of-year = Events of { $year }
events-year-pages-label = Pages of the year's events
events-year-description = The { $events } of the { $program } program of the { $city } in { $year }{ $page }.
events-year-lead = The { $events } of the { $program } program in { $year }, in the order they take place
events-year-lead-page = : page { $number } of { $total }
back-to-events = Back to all events
event-past = This event has taken place.
event-when = When
event-where = Where
event-sister-cities = { $count ->
    [one] Sister city
   *[other] Sister cities
}
event-more-information = More information
event-website = { $title } website
event-about = About the event
event-calendar-intro = Add it to your calendar:
event-calendar-link = download { $title } as an iCalendar file

## News
news-heading = News
news-pages-label = Pages of the news
news-description = News of the { $program } program of the { $city } and its partner cities{ $page }.
news-lead = News of the { $program } program and { $city }'s sister cities, newest first.
news-lead-page = Older news of the { $program } program, newest first: { $page }.
news-feed-intro = Follow the news in a feed reader:
news-feed-link = subscribe to the news feed (Atom)
news-none = There is no news yet.
news-more-about = More about
back-to-news = Back to all news

## Get involved
get-involved-description = How to take part in the { $program } program of the { $city }: { $organization }, volunteering, exchanges, and how to contact the City.
reach-heading = How to reach { $organization }
reach-ask-meetings = when { $organization } meets
reach-ask-membership = how to become a member
reach-ask-volunteers = how to reach its volunteers
reach-ask-one = To ask { $question }
reach-ask-several = To ask { $questions } or { $last }
reach-meetings = Meetings
reach-meeting-place = Where it meets
reach-membership = Membership
reach-become-member = Become a member of { $organization }
reach-email = Email
reach-contact = contact the { $contact }

## The page not found
not-found-heading = Page not found
not-found-description = There is no page at this address.
not-found-text = There is no page at this address. If you typed it, check that it is spelled correctly.
    If you followed a link, the page may have moved.
not-found-home = Go to the { $program } home page

## Feeds and calendars
feed-title = { $program } news – { $city }
calendar-name = { $program } events – { $city }
calendar-description = Events of the { $program } program of the { $city }, and coming anniversaries of its partnerships.
calendar-anniversary = { $years } years of partnership with { $city }
calendar-anniversary-description = { $home } and { $city } have been sister cities since { $since }.
