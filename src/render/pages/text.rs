//! Pages of text in sections: "Get involved" and the pages of their own (the accessibility
//! statement, privacy); and the page not found.

use askama::Template;

use crate::content::Content;
use crate::content::model::{GetInvolved, OrganizationDetails, Page, Section};
use crate::paths;
use crate::render::format::{DateText, anchor};
use crate::render::language::Lang;
use crate::render::layout::{Layout, page_file};

/// A section of a text page, with the anchor its heading gets.
pub struct SectionView<'a> {
    pub id: String,
    pub section: &'a Section,
    /// Its place in its file, for telling whether it is translated: `sections.2`.
    pub path: String,
}

/// `/get-involved`: how residents can take part, and how to contact the city.
#[derive(Template)]
#[template(path = "pages/get_involved.html")]
pub struct GetInvolvedPage<'a> {
    pub layout: Layout<'a>,
    pub page: &'a GetInvolved,
    pub sections: Vec<SectionView<'a>>,
    pub contact: SectionView<'a>,
    /// The section on how to reach the local organization: its details that staff filled in,
    /// and whom to ask for the others.
    pub reach: Reach<'a>,
}

/// How to reach the local organization ("How to reach PASSPORTS"), first on the page.
pub struct Reach<'a> {
    /// The heading's anchor.
    pub id: String,
    /// "How to reach PASSPORTS"
    pub heading: String,
    pub details: &'a OrganizationDetails,
    /// What the details leave unanswered, as a question for the city: "To ask when PASSPORTS
    /// meets, how to become a member or how to reach its volunteers"; empty when nothing is.
    pub ask: String,
}

impl<'a> Reach<'a> {
    fn new(
        lang: &Lang,
        name: &str,
        details: &'a OrganizationDetails,
        taken: &[String],
    ) -> Reach<'a> {
        let organization = || [("organization", name.into())];
        let heading = lang.text("reach-heading", &organization());
        let mut questions: Vec<String> = Vec::new();
        if details.meetings.is_none() {
            questions.push(lang.text("reach-ask-meetings", &organization()));
        }
        if details.membership.is_none() && details.membership_link.is_none() {
            questions.push(lang.t("reach-ask-membership"));
        }
        if details.email.is_none() {
            questions.push(lang.t("reach-ask-volunteers"));
        }
        let ask = match questions.as_slice() {
            [] => String::new(),
            [one] => lang.text("reach-ask-one", &[("question", one.into())]),
            [first @ .., last] => lang.text(
                "reach-ask-several",
                &[
                    ("questions", first.join(", ").into()),
                    ("last", last.into()),
                ],
            ),
        };
        Reach {
            id: anchor(&heading, taken),
            heading,
            details,
            ask,
        }
    }
}

impl<'a> GetInvolvedPage<'a> {
    pub fn new(content: &'a Content, lang: &'a Lang<'a>) -> Self {
        let page = &content.get_involved;
        let site = &content.site;
        let layout = Layout::new(
            content,
            lang,
            &page.title,
            paths::GET_INVOLVED.to_owned(),
            lang.text(
                "get-involved-description",
                &[
                    ("program", site.program_name.as_str().into()),
                    ("city", site.city.official_name.as_str().into()),
                    ("organization", site.organisation.name.as_str().into()),
                ],
            ),
        )
        .with_crumbs(content, &[]);
        let sections = section_views(&page.sections);
        let mut taken: Vec<String> = sections.iter().map(|s| s.id.clone()).collect();
        let contact = SectionView {
            id: anchor(&page.contact.heading, &taken),
            section: &page.contact,
            path: "contact".to_owned(),
        };
        taken.push(contact.id.clone());
        let reach = Reach::new(lang, &site.organisation.name, &page.details, &taken);
        GetInvolvedPage {
            layout,
            page,
            sections,
            contact,
            reach,
        }
    }
}

/// `/{slug}`: a page of its own, such as the accessibility statement.
#[derive(Template)]
#[template(path = "pages/page.html")]
pub struct OwnPage<'a> {
    pub layout: Layout<'a>,
    pub page: &'a Page,
    /// Its content file: `pages/accessibility.toml`.
    pub file: String,
    pub sections: Vec<SectionView<'a>>,
    /// When the page was last reviewed, when the content says.
    pub reviewed: Option<DateText>,
}

impl<'a> OwnPage<'a> {
    pub fn new(content: &'a Content, lang: &'a Lang<'a>, page: &'a Page) -> Self {
        let path = paths::page(page.slug.as_str());
        let layout = Layout::new(content, lang, &page.title, path, page.summary.clone())
            .with_crumbs(content, &[]);
        OwnPage {
            layout,
            page,
            file: page_file(page.slug.as_str()),
            sections: section_views(&page.sections),
            reviewed: page.last_reviewed.map(|date| DateText::of(lang, date)),
        }
    }
}

/// Sections with an anchor each, unique on the page.
fn section_views<'a>(sections: impl IntoIterator<Item = &'a Section>) -> Vec<SectionView<'a>> {
    let mut ids: Vec<String> = Vec::new();
    sections
        .into_iter()
        .enumerate()
        .map(|(i, section)| {
            let id = anchor(&section.heading, &ids);
            ids.push(id.clone());
            SectionView {
                id,
                section,
                path: format!("sections.{i}"),
            }
        })
        .collect()
}

/// The page for any unknown address (status 404).
#[derive(Template)]
#[template(path = "pages/not_found.html")]
pub struct NotFound<'a> {
    pub layout: Layout<'a>,
}

impl<'a> NotFound<'a> {
    pub fn new(content: &'a Content, lang: &'a Lang<'a>) -> Self {
        NotFound {
            layout: Layout::new(
                content,
                lang,
                &lang.t("not-found-heading"),
                paths::NOT_FOUND.to_owned(),
                lang.t("not-found-description"),
            ),
        }
    }
}
