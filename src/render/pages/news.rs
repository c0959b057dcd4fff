//! News: `/news` and its further pages, newest first, and each news item's page.

use std::sync::Arc;

use askama::Template;

use crate::content::Content;
use crate::content::model::NewsItem;
use crate::paths;
use crate::render::format::DateText;
use crate::render::language::Lang;
use crate::render::layout::Layout;
use crate::render::pagination::{Paged, Pagination};
use crate::render::reads::{self, Read};

use super::{NEWS_PER_PAGE, PageLink, PublicCities, sources};

/// A news item in a list or on its page.
pub struct NewsView<'a> {
    pub item: &'a NewsItem,
    pub href: String,
    /// Its content file: `news/{slug}.toml`.
    pub file: String,
    pub date: DateText,
}

impl<'a> NewsView<'a> {
    pub fn new(lang: &Lang, item: &'a NewsItem) -> Self {
        reads::read(Read::news(item.slug.as_str()));
        NewsView {
            item,
            href: lang.path(&paths::news_item(item.slug.as_str())),
            file: format!("{}/{}.toml", crate::content::NEWS_DIR, item.slug.as_str()),
            date: DateText::of(lang, item.date),
        }
    }
}

/// `/news` and `/news/page/{n}`: every news item, newest first, in pages of
/// [`NEWS_PER_PAGE`].
#[derive(Template)]
#[template(path = "pages/news.html")]
pub struct NewsIndex<'a> {
    pub layout: Layout<'a>,
    /// The last breadcrumb: this page's own label.
    pub crumb: String,
    pub items: Vec<NewsView<'a>>,
    pub pagination: Pagination,
}

impl<'a> NewsIndex<'a> {
    /// Every page of the news (one, saying there is no news yet, when there is none).
    pub fn all(content: &'a Content, lang: &'a Lang<'a>) -> Vec<(String, NewsIndex<'a>)> {
        let site = &content.site;
        let chunks: Vec<&[Arc<NewsItem>]> = if content.news.is_empty() {
            vec![&[]]
        } else {
            content.news.chunks(NEWS_PER_PAGE).collect()
        };
        let heading = lang.t("news-heading");
        let paged = Paged {
            heading: &heading,
            label: lang.t("news-pages-label"),
            parents: &[],
            path: &paths::news_page,
        };
        paged
            .all(content, lang, chunks, |pagination| {
                lang.text(
                    "news-description",
                    &[
                        ("program", site.program_name.as_str().into()),
                        ("city", site.city.official_name.as_str().into()),
                        ("page", pagination.of_total().into()),
                    ],
                )
            })
            .into_iter()
            .map(|(page, items)| {
                let index = NewsIndex {
                    layout: page.layout,
                    crumb: page.crumb,
                    items: items.iter().map(|item| NewsView::new(lang, item)).collect(),
                    pagination: page.pagination,
                };
                (page.path, index)
            })
            .collect()
    }
}

/// `/news/{slug}`: one news item.
#[derive(Template)]
#[template(path = "pages/news_item.html")]
pub struct NewsPage<'a> {
    pub layout: Layout<'a>,
    pub view: NewsView<'a>,
    /// The related sister cities that are on the public site.
    pub cities: Vec<PageLink>,
    /// Where the item's facts come from: the "Sources" note at the end.
    pub sources: Vec<String>,
}

impl<'a> NewsPage<'a> {
    pub fn new(
        content: &'a Content,
        lang: &'a Lang<'a>,
        item: &'a NewsItem,
        cities: &PublicCities,
    ) -> Self {
        let view = NewsView::new(lang, item);
        let news = lang.t("news-heading");
        let mut layout = Layout::new(
            content,
            lang,
            &item.title,
            paths::news_item(item.slug.as_str()),
            item.summary.clone(),
        )
        .with_crumbs(content, &[(news.as_str(), paths::NEWS)]);
        layout.og_type = "article";
        NewsPage {
            layout,
            cities: cities.links(lang, &item.cities),
            sources: sources(item.source.as_deref()),
            view,
        }
    }
}
