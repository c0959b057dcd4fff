//! Pages of text in sections: "Get involved" and the pages of their own (the accessibility
//! statement, privacy); and the page not found.

use askama::Template;

use crate::content::Content;
use crate::content::model::{GetInvolved, Page, Section};
use crate::paths;
use crate::render::format::{DateText, anchor};
use crate::render::layout::Layout;

/// A section of a text page, with the anchor its heading gets.
pub struct SectionView<'a> {
    pub id: String,
    pub section: &'a Section,
}

/// `/get-involved`: how residents can take part, and how to contact the city.
#[derive(Template)]
#[template(path = "pages/get_involved.html")]
pub struct GetInvolvedPage<'a> {
    pub layout: Layout<'a>,
    pub page: &'a GetInvolved,
    pub sections: Vec<SectionView<'a>>,
    pub contact: SectionView<'a>,
}

impl<'a> GetInvolvedPage<'a> {
    pub fn new(content: &'a Content) -> Self {
        let page = &content.get_involved;
        let site = &content.site;
        let layout = Layout::new(
            content,
            &page.title,
            paths::GET_INVOLVED.to_owned(),
            format!(
                "How to take part in the {} program of the {}: {}, volunteering, exchanges, and \
                 how to contact the city.",
                site.program_name, site.city.official_name, site.organisation.name
            ),
        )
        .with_crumbs(content, &[]);
        let sections = section_views(&page.sections);
        let taken: Vec<String> = sections.iter().map(|s| s.id.clone()).collect();
        let contact = SectionView {
            id: anchor(&page.contact.heading, &taken),
            section: &page.contact,
        };
        GetInvolvedPage {
            layout,
            page,
            sections,
            contact,
        }
    }
}

/// `/{slug}`: a page of its own, such as the accessibility statement.
#[derive(Template)]
#[template(path = "pages/page.html")]
pub struct OwnPage<'a> {
    pub layout: Layout<'a>,
    pub page: &'a Page,
    pub sections: Vec<SectionView<'a>>,
    /// When the page was last reviewed, when the content says.
    pub reviewed: Option<DateText>,
}

impl<'a> OwnPage<'a> {
    pub fn new(content: &'a Content, page: &'a Page) -> Self {
        let path = paths::page(page.slug.as_str());
        let layout =
            Layout::new(content, &page.title, path, page.summary.clone()).with_crumbs(content, &[]);
        OwnPage {
            layout,
            page,
            sections: section_views(&page.sections),
            reviewed: page.last_reviewed.map(DateText::of),
        }
    }
}

/// Sections with an anchor each, unique on the page.
fn section_views<'a>(sections: impl IntoIterator<Item = &'a Section>) -> Vec<SectionView<'a>> {
    let mut ids: Vec<String> = Vec::new();
    sections
        .into_iter()
        .map(|section| {
            let id = anchor(&section.heading, &ids);
            ids.push(id.clone());
            SectionView { id, section }
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
    pub fn new(content: &'a Content) -> Self {
        NotFound {
            layout: Layout::new(
                content,
                "Page not found",
                paths::NOT_FOUND.to_owned(),
                "There is no page at this address.".to_owned(),
            ),
        }
    }
}
