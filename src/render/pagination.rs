//! Lists too long for one page (the directory, a year's events, the news), on pages of a fixed
//! size: their titles and breadcrumbs, their navigation, and their items under headings.

use crate::content::Content;

use super::language::Lang;
use super::layout::Layout;

/// Items under a heading, in a list split into pages: a country's cities, a month's events.
pub struct Group<T> {
    pub heading: String,
    /// The heading's anchor, the same on every page.
    pub id: String,
    /// The group began on the page before.
    pub continued: bool,
    pub items: Vec<T>,
}

/// Splits `items` (in order) into pages of `per_page`, and each page into groups of
/// consecutive items with the same heading, given as (heading, id) by `heading_of`. A group
/// that goes on from one page to the next is marked as continued there.
pub fn pages_of_groups<T>(
    items: Vec<T>,
    per_page: usize,
    heading_of: impl Fn(&T) -> (String, String),
) -> Vec<Vec<Group<T>>> {
    let mut pages: Vec<Vec<Group<T>>> = Vec::new();
    let mut last_id: Option<String> = None;
    for (i, item) in items.into_iter().enumerate() {
        if i % per_page.max(1) == 0 {
            pages.push(Vec::new());
        }
        let Some(page) = pages.last_mut() else {
            continue;
        };
        let (heading, id) = heading_of(&item);
        match page.last_mut() {
            Some(group) if group.id == id => group.items.push(item),
            _ => {
                page.push(Group {
                    heading,
                    continued: last_id.as_deref() == Some(id.as_str()),
                    id: id.clone(),
                    items: vec![item],
                });
            }
        }
        last_id = Some(id);
    }
    pages
}

/// A list too long for one page, on several: the first at the list's own address, titled
/// `heading` under `parents`; each further one titled "{heading}, page n of N", with
/// "Page n" as its last breadcrumb, under the first.
pub struct Paged<'p> {
    pub heading: &'p str,
    /// Names the page navigation for assistive technology: "Pages of the news".
    pub label: String,
    pub parents: &'p [(&'p str, &'p str)],
    /// The address of page n (from 1).
    pub path: &'p dyn Fn(usize) -> String,
}

/// Where one page of a [`Paged`] list is, what it is called, and its page navigation.
pub struct PageOfList<'a> {
    /// Its English address.
    pub path: String,
    pub layout: Layout<'a>,
    /// The last breadcrumb: the page's own label.
    pub crumb: String,
    pub pagination: Pagination,
}

impl Paged<'_> {
    /// Every page of the list, each with its share of it (one share per page), described by
    /// `description` (given the page navigation, for its ", page n of N").
    pub fn all<'a, T>(
        &self,
        content: &'a Content,
        lang: &'a Lang<'a>,
        shares: Vec<T>,
        description: impl Fn(&Pagination) -> String,
    ) -> Vec<(PageOfList<'a>, T)> {
        let total = shares.len();
        shares
            .into_iter()
            .enumerate()
            .map(|(i, share)| (self.page(content, lang, i + 1, total, &description), share))
            .collect()
    }

    /// Page `number` of `total`.
    fn page<'a>(
        &self,
        content: &'a Content,
        lang: &'a Lang<'a>,
        number: usize,
        total: usize,
        description: impl Fn(&Pagination) -> String,
    ) -> PageOfList<'a> {
        let mut pagination = Pagination::new(self.label.clone(), number, total, |n| {
            lang.path(&(self.path)(n))
        });
        pagination.of_total = if total > 1 {
            lang.text(
                "page-of-total",
                &[("number", number.into()), ("total", total.into())],
            )
        } else {
            String::new()
        };
        let description = description(&pagination);
        let first = (self.path)(1);
        let mut parents = self.parents.to_vec();
        let (title, crumb) = if number == 1 {
            (self.heading.to_owned(), self.heading.to_owned())
        } else {
            parents.push((self.heading, &first));
            let args = [
                ("heading", self.heading.into()),
                ("number", number.into()),
                ("total", total.into()),
            ];
            (
                lang.text("page-title", &args),
                lang.text("page-crumb", &args),
            )
        };
        let path = (self.path)(number);
        let layout = Layout::new(content, lang, &title, path.clone(), description)
            .with_crumbs(content, &parents);
        PageOfList {
            path,
            layout,
            crumb,
            pagination,
        }
    }
}

/// Links between the pages of a long list: previous, next, and the numbers of the first, the
/// last and the pages around this one (a gap for the others, so it stays short).
pub struct Pagination {
    /// The navigation's name for assistive technology: "Pages of the directory".
    pub label: String,
    /// This page's number, from 1.
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The pages to link, in order; `None` for a gap.
    pub numbers: Vec<Option<PageNumber>>,
    /// ", page 2 of 10" when there are several pages, for descriptions.
    of_total: String,
}

pub struct PageNumber {
    pub number: usize,
    pub href: String,
    pub current: bool,
}

impl Pagination {
    fn new(
        label: String,
        current: usize,
        total: usize,
        href: impl Fn(usize) -> String,
    ) -> Pagination {
        let linked = |n: usize| n == 1 || n == total || n.abs_diff(current) <= 2;
        let mut numbers = Vec::new();
        for number in 1..=total {
            // A gap would stand for one page only: link that page instead.
            let lone = number > 1 && linked(number - 1) && linked(number + 1);
            if linked(number) || lone {
                numbers.push(Some(PageNumber {
                    number,
                    href: href(number),
                    current: number == current,
                }));
            } else if numbers.last().is_some_and(Option::is_some) {
                numbers.push(None);
            }
        }
        Pagination {
            label,
            current,
            total,
            previous: (current > 1).then(|| href(current - 1)),
            next: (current < total).then(|| href(current + 1)),
            numbers,
            of_total: String::new(),
        }
    }

    /// ", page 2 of 10" when there are several pages, for descriptions.
    pub fn of_total(&self) -> String {
        self.of_total.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_links_the_ends_and_the_pages_around_this_one() {
        let numbers = |current, total| {
            Pagination::new("Pages".to_owned(), current, total, |n| format!("/p/{n}"))
                .numbers
                .iter()
                .map(|n| n.as_ref().map_or("…".to_owned(), |n| n.number.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(numbers(1, 1), "1");
        assert_eq!(numbers(1, 5), "1 2 3 4 5");
        assert_eq!(numbers(1, 21), "1 2 3 … 21");
        assert_eq!(numbers(10, 21), "1 … 8 9 10 11 12 … 21");
        assert_eq!(numbers(21, 21), "1 … 19 20 21");
        let middle = Pagination::new("Pages".to_owned(), 2, 3, |n| format!("/p/{n}"));
        assert_eq!(middle.previous.as_deref(), Some("/p/1"));
        assert_eq!(middle.next.as_deref(), Some("/p/3"));
        assert!(
            middle
                .numbers
                .iter()
                .flatten()
                .any(|n| n.current && n.number == 2)
        );
    }

    #[test]
    fn groups_split_across_pages_are_marked_as_continued() {
        let items = ["a1", "a2", "a3", "b1", "c1", "c2"];
        let pages = pages_of_groups(items.to_vec(), 2, |item| {
            (item[..1].to_uppercase(), item[..1].to_owned())
        });
        let shown: Vec<String> = pages
            .iter()
            .map(|page| {
                page.iter()
                    .map(|g| {
                        let more = if g.continued { "+" } else { "" };
                        format!("{}{more}:{}", g.heading, g.items.join(","))
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(shown, ["A:a1,a2", "A+:a3 B:b1", "C:c1,c2"]);
    }
}
