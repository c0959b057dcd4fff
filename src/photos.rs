//! Photos as staff upload them (a phone's 4,000-pixel JPEG, turned on its side by its EXIF
//! orientation, with the place it was taken in its metadata) -> the sizes browsers need.
//!
//! Each photo is made once into variants 480, 960 and 1600 pixels wide (never wider than the
//! photo), each as WebP and in the photo's own format, turned upright, and re-encoded, which
//! leaves the metadata (GPS position included) behind. The original is never served. Variants
//! are kept by the photo's content hash in the state folder, so a text edit or a restart does
//! not make them again.

use crate::content::PhotoFormat;
use std::path::{Path, PathBuf};

use axum::body::Bytes;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

/// The widths made of each photo, in pixels (those narrower than the photo).
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

/// Quality of the lossy encodings, 0 to 100: photos look the same at a fraction of the size.
const QUALITY: u8 = 80;

/// The most pixels a photo may have: decoding one takes about four bytes a pixel.
const MAX_PIXELS: u64 = 60_000_000;

/// A photo's variants, ready to serve.
#[derive(Debug, Clone)]
pub struct Photo {
    /// The content hash of the original, which names the variants.
    pub key: String,
    /// The size of the largest variant: its shape, for `width` and `height` on the page.
    pub width: u32,
    pub height: u32,
    /// Narrowest first; for each width a WebP and one in the photo's own format.
    pub variants: Vec<Variant>,
}

/// One size of a photo in one format.
#[derive(Debug, Clone)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub bytes: Bytes,
}

/// The formats variants are made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Webp,
    Jpeg,
    Png,
    Avif,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Avif => "avif",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Avif => "image/avif",
        }
    }

    fn from_extension(extension: &str) -> Option<Format> {
        [Format::Webp, Format::Jpeg, Format::Png, Format::Avif]
            .into_iter()
            .find(|format| format.extension() == extension)
    }
}

/// Why a photo could not be made into its variants.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    /// The bytes are not an image the program can read (damaged, or cut short).
    #[error("the photo cannot be read as an image")]
    Decode(#[source] image::ImageError),
    /// A variant could not be written.
    #[error("a size of the photo cannot be made")]
    Encode(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The cache of variants could not be read or written.
    #[error("cannot use the photo cache {}", path.display())]
    Cache {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The content hash of a photo's bytes, which names its variants.
pub fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Makes a photo's variants, or takes them from `cache` (a folder of the state folder) when
/// they were made before.
pub fn prepare(bytes: &[u8], cache: Option<&Path>) -> Result<Photo, PhotoError> {
    let key = hash(bytes);
    if let Some(dir) = cache
        && let Some(photo) = read_cached(&dir.join(&key))?
    {
        return Ok(photo);
    }
    let photo = make(bytes)?;
    if let Some(dir) = cache {
        write_cached(&dir.join(&key), &photo)?;
    }
    Ok(photo)
}

/// Decodes, turns upright, resizes and encodes.
fn make(bytes: &[u8]) -> Result<Photo, PhotoError> {
    let kind = PhotoFormat::of(bytes);
    if kind == PhotoFormat::Avif {
        // Served as uploaded: AVIF is already small, and decoding it needs a codec in C.
        let size = imagesize::blob_size(bytes).map_err(|e| PhotoError::Encode(Box::new(e)))?;
        let (width, height) = (dimension(size.width), dimension(size.height));
        return Ok(Photo {
            key: hash(bytes),
            width,
            height,
            variants: vec![Variant {
                width,
                height,
                format: Format::Avif,
                bytes: Bytes::copy_from_slice(bytes),
            }],
        });
    }
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoError::Decode(image::ImageError::IoError(e)))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(PhotoError::Decode)?;
    let orientation = decoder.orientation().map_err(PhotoError::Decode)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(PhotoError::Decode)?;
    image.apply_orientation(orientation);
    // PNGs stay PNG (drawings, logos: lossless); everything else is a photo, as JPEG.
    let own = if kind == PhotoFormat::Png {
        Format::Png
    } else {
        Format::Jpeg
    };
    let mut widths: Vec<u32> = WIDTHS
        .into_iter()
        .filter(|width| *width < image.width())
        .collect();
    if image.width() <= WIDTHS[WIDTHS.len() - 1] {
        widths.push(image.width());
    }
    // Widest first, each made from the one before it: far less work than each from the
    // original, and as sharp.
    let mut variants = Vec::new();
    let mut source = image;
    for width in widths.into_iter().rev() {
        if width != source.width() {
            let height = scaled(source.height(), width, source.width());
            source = source.resize_exact(width, height, image::imageops::FilterType::CatmullRom);
        }
        for format in [own, Format::Webp] {
            variants.push(Variant {
                width: source.width(),
                height: source.height(),
                format,
                bytes: encode(&source, format)?,
            });
        }
    }
    variants.reverse();
    let largest = variants.last().map_or((0, 0), |v| (v.width, v.height));
    Ok(Photo {
        key: hash(bytes),
        width: largest.0,
        height: largest.1,
        variants,
    })
}

impl Photo {
    /// The address of a variant: by the photo's content, so browsers may keep it for a year.
    pub fn url(&self, variant: &Variant) -> String {
        crate::paths::photo(&self.key, variant.width, variant.format.extension())
    }

    /// `srcset` for the variants of one format: "/static/photos/…-480.webp 480w, …".
    pub fn srcset(&self, format: Format) -> String {
        self.variants
            .iter()
            .filter(|v| v.format == format)
            .map(|v| format!("{} {}w", self.url(v), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The format of the variants in the photo's own format (JPEG for photos, PNG for PNGs).
    pub fn own_format(&self) -> Format {
        self.variants
            .iter()
            .map(|v| v.format)
            .find(|f| *f != Format::Webp)
            .unwrap_or(Format::Webp)
    }

    /// The variant a browser without `srcset` loads: the middle width, in the own format.
    pub fn fallback(&self) -> Option<&Variant> {
        let own: Vec<&Variant> = self
            .variants
            .iter()
            .filter(|v| v.format == self.own_format())
            .collect();
        own.get(own.len().saturating_sub(1) / 2).copied()
    }
}

/// `height` for a width of `to` instead of `from`, rounded, at least one pixel.
fn scaled(height: u32, to: u32, from: u32) -> u32 {
    let scaled = (u64::from(height) * u64::from(to) + u64::from(from) / 2) / u64::from(from.max(1));
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

fn dimension(pixels: usize) -> u32 {
    u32::try_from(pixels).unwrap_or(u32::MAX)
}

/// One variant's bytes. Nothing of the original's metadata is written.
fn encode(image: &DynamicImage, format: Format) -> Result<Bytes, PhotoError> {
    let fail = |e: image::ImageError| PhotoError::Encode(Box::new(e));
    let mut out = Vec::new();
    match format {
        Format::Webp => {
            let rgb = image.to_rgb8();
            let encoded = webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height())
                .encode_simple(false, f32::from(QUALITY))
                .map_err(|e| PhotoError::Encode(format!("{e:?}").into()))?;
            out.extend_from_slice(&encoded);
        }
        Format::Jpeg => {
            let rgb = image.to_rgb8();
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY);
            rgb.write_with_encoder(encoder).map_err(fail)?;
        }
        Format::Png => {
            image
                .write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Png)
                .map_err(fail)?;
        }
        Format::Avif => return Err(PhotoError::Encode("AVIF is not made here".into())),
    }
    Ok(Bytes::from(out))
}

/// The variants kept in `dir`, named `{width}x{height}.{extension}`; none when the folder is
/// missing or incomplete.
fn read_cached(dir: &Path) -> Result<Option<Photo>, PhotoError> {
    let io = |source| PhotoError::Cache {
        path: dir.to_path_buf(),
        source,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(io(error)),
    };
    let mut variants = Vec::new();
    for entry in entries {
        let path = entry.map_err(io)?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let Some((size, extension)) = name.split_once('.') else {
            continue;
        };
        let (Some((width, height)), Some(format)) =
            (size.split_once('x'), Format::from_extension(extension))
        else {
            continue;
        };
        let (Ok(width), Ok(height)) = (width.parse(), height.parse()) else {
            continue;
        };
        let bytes = std::fs::read(&path).map_err(io)?;
        variants.push(Variant {
            width,
            height,
            format,
            bytes: Bytes::from(bytes),
        });
    }
    if variants.is_empty() {
        return Ok(None);
    }
    variants.sort_by_key(|v| (v.width, v.format != Format::Webp));
    let largest = variants.last().map_or((0, 0), |v| (v.width, v.height));
    let key = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Some(Photo {
        key,
        width: largest.0,
        height: largest.1,
        variants,
    }))
}

/// Keeps the variants in `dir`: written into a new folder and renamed into place, so a crash
/// leaves the whole set or none.
fn write_cached(dir: &Path, photo: &Photo) -> Result<(), PhotoError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PhotoError::Cache { path, source }
    };
    let parent = dir.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let building = parent.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_dir_all(&building);
    std::fs::create_dir(&building).map_err(io(&building))?;
    for variant in &photo.variants {
        let file = building.join(format!(
            "{}x{}.{}",
            variant.width,
            variant.height,
            variant.format.extension()
        ));
        let written = std::fs::File::create(&file).and_then(|mut f| {
            std::io::Write::write_all(&mut f, &variant.bytes)?;
            f.sync_all()
        });
        written.map_err(io(&file))?;
    }
    crate::state::sync_dir(&building).map_err(io(&building))?;
    match std::fs::rename(&building, dir) {
        Ok(()) => crate::state::sync_dir(parent).map_err(io(parent)),
        // Another program made the same variants meanwhile: theirs are as good.
        Err(_) if dir.exists() => {
            let _ = std::fs::remove_dir_all(&building);
            Ok(())
        }
        Err(error) => Err(io(dir)(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        });
        let mut out = Vec::new();
        image
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut out, 90,
            ))
            .unwrap();
        out
    }

    #[test]
    fn kinds_are_read_from_the_first_bytes() {
        assert_eq!(PhotoFormat::of(&jpeg(8, 8)), PhotoFormat::Jpeg);
        assert_eq!(PhotoFormat::of(b"%PDF-1.7\n"), PhotoFormat::Pdf);
        assert_eq!(PhotoFormat::of(b"II*\0\x08\0\0\0"), PhotoFormat::Tiff);
        assert_eq!(
            PhotoFormat::of(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
            PhotoFormat::Heic
        );
        assert_eq!(
            PhotoFormat::of(b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf"),
            PhotoFormat::Avif
        );
        assert_eq!(PhotoFormat::of(b"hello"), PhotoFormat::Unknown);
        assert!(!PhotoFormat::Heic.accepted() && PhotoFormat::Webp.accepted());
    }

    #[test]
    fn a_wide_photo_gets_three_widths_in_two_formats_never_upscaled() {
        let photo = make(&jpeg(2000, 1500)).unwrap();
        let sizes: Vec<(u32, u32, Format)> = photo
            .variants
            .iter()
            .map(|v| (v.width, v.height, v.format))
            .collect();
        assert_eq!(
            sizes,
            [
                (480, 360, Format::Webp),
                (480, 360, Format::Jpeg),
                (960, 720, Format::Webp),
                (960, 720, Format::Jpeg),
                (1600, 1200, Format::Webp),
                (1600, 1200, Format::Jpeg),
            ]
        );
        assert_eq!((photo.width, photo.height), (1600, 1200));
        let small = make(&jpeg(700, 300)).unwrap();
        let widths: Vec<u32> = small.variants.iter().map(|v| v.width).collect();
        assert_eq!(widths, [480, 480, 700, 700]);
    }

    #[test]
    fn variants_are_cached_by_content_and_read_back_alike() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = jpeg(1000, 500);
        let made = prepare(&bytes, Some(dir.path())).unwrap();
        let cached = read_cached(&dir.path().join(hash(&bytes)))
            .unwrap()
            .unwrap();
        assert_eq!(made.variants.len(), cached.variants.len());
        for (a, b) in made.variants.iter().zip(&cached.variants) {
            assert_eq!((a.width, a.height, a.format), (b.width, b.height, b.format));
            assert_eq!(a.bytes, b.bytes);
        }
        assert!(matches!(make(b"not an image"), Err(PhotoError::Decode(_))));
    }
}
