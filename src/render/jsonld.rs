//! Structured data (schema.org, as JSON-LD) for search engines: the home city on `/`, each
//! sister city on its page, each event on its page. Written with serde_json, then made safe to
//! sit inside `<script type="application/ld+json">`.

use std::fmt;

use serde_json::{Value, json};

use crate::content::Content;
use crate::content::model::{City, Event};

/// JSON-LD ready to insert into a page unescaped: the program wrote it, and `<`, `>` and `&`
/// are escaped as `\u003c`, `\u003e`, `\u0026`, so no text from content can end the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonLd(String);

impl JsonLd {
    fn new(value: &Value) -> JsonLd {
        // Serialising a `Value` cannot fail (its map keys are strings).
        let json = serde_json::to_string(value).unwrap_or_default();
        JsonLd(
            json.replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026"),
        )
    }
}

impl fmt::Display for JsonLd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The city government and the city itself, for the home page.
pub fn home(content: &Content, canonical: &str) -> JsonLd {
    let site = &content.site;
    let city = &site.city;
    JsonLd::new(&json!({
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "GovernmentOrganization",
                "@id": format!("{canonical}#organization"),
                "name": city.official_name,
                "url": city.website.as_str(),
                "areaServed": { "@id": format!("{canonical}#city") },
                "memberOf": { "@type": "Organization", "name": site.member_of },
            },
            {
                "@type": "City",
                "@id": format!("{canonical}#city"),
                "name": city.name,
                "url": city.website.as_str(),
                "containedInPlace": { "@type": "State", "name": city.state },
                "geo": geo(city.location),
            },
        ],
    }))
}

/// A sister city, for its page.
pub fn city(city: &City, canonical: &str) -> JsonLd {
    JsonLd::new(&json!({
        "@context": "https://schema.org",
        "@type": "City",
        "@id": format!("{canonical}#city"),
        "name": city.name,
        "alternateName": city.native_name,
        "description": city.summary,
        "sameAs": city.website.as_str(),
        "address": {
            "@type": "PostalAddress",
            "addressRegion": city.region,
            "addressCountry": city.country_code,
        },
        "containedInPlace": { "@type": "Country", "name": city.country },
        "geo": geo(city.location),
    }))
}

/// An event, for its page. `cities` are its public sister cities.
pub fn event(content: &Content, event: &Event, cities: &[&City], canonical: &str) -> JsonLd {
    let site = &content.site;
    let date = |moment: &jiff::ZonedDateTime| {
        if event.all_day {
            moment.date().to_string()
        } else {
            moment.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
        }
    };
    let end = if event.all_day {
        event.last_day().to_string()
    } else {
        date(&event.end)
    };
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": canonical,
        "startDate": date(&event.start),
        "endDate": end,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": { "@type": "Place", "name": event.place, "address": event.place },
        "description": event.description_text,
        "organizer": {
            "@type": "GovernmentOrganization",
            "name": site.city.official_name,
            "url": site.city.website.as_str(),
        },
    });
    if !cities.is_empty() {
        value["about"] = cities
            .iter()
            .map(|c| json!({ "@type": "City", "name": c.name, "sameAs": c.website.as_str() }))
            .collect();
    }
    if let Some(link) = &event.link {
        value["sameAs"] = json!(link.as_str());
    }
    JsonLd::new(&value)
}

fn geo(at: crate::geo::LatLon) -> Value {
    json!({ "@type": "GeoCoordinates", "latitude": at.lat, "longitude": at.lon })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_content_cannot_close_the_script() {
        let ld = JsonLd::new(&json!({ "name": "</script><script>alert(1)</script> & co" }));
        let text = ld.to_string();
        assert!(!text.contains('<'), "{text}");
        assert!(!text.contains('&'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & co");
    }
}
