//! One askama template struct per page, and the small view types they show. Values are
//! prepared here (formatted numbers, URLs) so templates stay free of logic.

use askama::Template;

use crate::content::Content;
use crate::content::model::{City, Milestone, Program, Site};

/// What every page's layout (`templates/base.html`) needs.
pub struct Layout<'a> {
    pub site: &'a Site,
    /// The `<title>`: unique per page, most specific part first.
    pub title: String,
    /// The `<meta name="description">`.
    pub description: String,
    /// This page's path, e.g. "/cities/seika"; marks the current navigation link.
    pub path: String,
    /// Breadcrumbs above the heading; empty on the home page.
    pub breadcrumbs: Vec<Crumb>,
}

impl<'a> Layout<'a> {
    fn new(content: &'a Content, heading: &str, path: String, description: String) -> Self {
        let site = &content.site;
        let suffix = format!("{} – {}", site.program_name, site.city.official_name);
        let title = if path == "/" {
            suffix
        } else {
            format!("{heading} – {suffix}")
        };
        Layout {
            site,
            title,
            description,
            path,
            breadcrumbs: Vec::new(),
        }
    }

    /// The full public address of this page.
    pub fn canonical(&self) -> String {
        format!("{}{}", self.site.base_url.origin_and_path(), self.path)
    }

    /// `aria-current="page"` belongs on the navigation link to this page.
    pub fn is_current(&self, href: &str) -> bool {
        href == self.path
    }
}

pub struct Crumb {
    pub label: String,
    pub href: String,
}

/// A sister city's card on the home page.
pub struct CityCard<'a> {
    pub city: &'a City,
    pub href: String,
    /// "1994", or empty when no agreement is recorded.
    pub agreement_year: String,
}

/// `/`: the Sister Cities page.
#[derive(Template)]
#[template(path = "pages/home.html")]
pub struct Home<'a> {
    pub layout: Layout<'a>,
    pub program: &'a Program,
    pub cards: Vec<CityCard<'a>>,
}

impl<'a> Home<'a> {
    pub fn new(content: &'a Content, cities: &[&'a City]) -> Self {
        let site = &content.site;
        let description = format!(
            "{} and its sister cities: {}.",
            site.city.official_name,
            cities
                .iter()
                .map(|c| format!("{}, {}", c.name, c.country))
                .collect::<Vec<_>>()
                .join("; ")
        );
        Home {
            layout: Layout::new(content, &content.program.title, "/".to_owned(), description),
            program: &content.program,
            cards: cities
                .iter()
                .map(|city| CityCard {
                    city,
                    href: city_path(city),
                    agreement_year: city
                        .agreement()
                        .map(|m| m.date.year.to_string())
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }
}

/// A row of a city's milestone timeline.
pub struct MilestoneView<'a> {
    pub milestone: &'a Milestone,
    /// "1 September 2005"
    pub when: String,
    /// "2005-09-01", for `<time datetime>`.
    pub iso: String,
}

/// `/cities/{slug}`: one sister city.
#[derive(Template)]
#[template(path = "pages/city.html")]
pub struct CityPage<'a> {
    pub layout: Layout<'a>,
    pub city: &'a City,
    /// "36,542 (2023 estimate)"
    pub population: String,
    pub agreement: String,
    pub milestones: Vec<MilestoneView<'a>>,
}

impl<'a> CityPage<'a> {
    pub fn new(content: &'a Content, city: &'a City) -> Self {
        let heading = format!("{}, {}", city.name, city.country);
        let mut layout = Layout::new(content, &heading, city_path(city), city.summary.clone());
        layout.breadcrumbs = vec![Crumb {
            label: content.program.title.clone(),
            href: "/".to_owned(),
        }];
        let population = format!(
            "{} ({}{})",
            thousands(city.population.count),
            city.population.year,
            if city.population.estimate {
                " estimate"
            } else {
                ""
            }
        );
        CityPage {
            layout,
            city,
            population,
            agreement: city
                .agreement()
                .map(|m| m.date.to_string())
                .unwrap_or_default(),
            milestones: city
                .milestones
                .iter()
                .map(|milestone| MilestoneView {
                    milestone,
                    when: milestone.date.to_string(),
                    iso: milestone.date.iso(),
                })
                .collect(),
        }
    }
}

/// The page for any unknown address (status 404).
#[derive(Template)]
#[template(path = "pages/not_found.html")]
pub struct NotFound<'a> {
    pub layout: Layout<'a>,
}

impl<'a> NotFound<'a> {
    pub fn new(content: &'a Content) -> Self {
        NotFound {
            layout: Layout::new(
                content,
                "Page not found",
                "/404".to_owned(),
                "There is no page at this address.".to_owned(),
            ),
        }
    }
}

pub fn city_path(city: &City) -> String {
    format!("/cities/{}", city.slug.as_str())
}

/// 128026 -> "128,026".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(7), "7");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(128026), "128,026");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }
}
