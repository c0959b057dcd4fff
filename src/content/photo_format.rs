//! A photo's format, read from its first bytes: what `check` accepts, and what the photo
//! pipeline (src/photos.rs) decodes.

/// A photo's formats, as read from its first bytes (not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFormat {
    Jpeg,
    Png,
    Webp,
    Avif,
    /// Formats browsers do not show, or that are not photos: each has its own advice.
    Heic,
    Pdf,
    Tiff,
    Bmp,
    Gif,
    Unknown,
}

impl PhotoFormat {
    /// The kind of the file whose first bytes are `head`.
    pub fn of(head: &[u8]) -> PhotoFormat {
        if head.starts_with(b"%PDF") {
            return PhotoFormat::Pdf;
        }
        if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
            return PhotoFormat::Tiff;
        }
        match imagesize::image_type(head) {
            Ok(imagesize::ImageType::Jpeg) => PhotoFormat::Jpeg,
            Ok(imagesize::ImageType::Png) => PhotoFormat::Png,
            Ok(imagesize::ImageType::Webp) => PhotoFormat::Webp,
            Ok(imagesize::ImageType::Heif(imagesize::Compression::Av1)) => PhotoFormat::Avif,
            Ok(imagesize::ImageType::Heif(_)) => PhotoFormat::Heic,
            Ok(imagesize::ImageType::Tiff) => PhotoFormat::Tiff,
            Ok(imagesize::ImageType::Bmp) => PhotoFormat::Bmp,
            Ok(imagesize::ImageType::Gif) => PhotoFormat::Gif,
            _ => PhotoFormat::Unknown,
        }
    }

    /// Whether the site takes photos of this kind.
    pub fn accepted(self) -> bool {
        matches!(
            self,
            PhotoFormat::Jpeg | PhotoFormat::Png | PhotoFormat::Webp | PhotoFormat::Avif
        )
    }

    /// What to do with a photo of a kind the site does not take.
    pub fn advice(self) -> &'static str {
        match self {
            PhotoFormat::Heic => {
                "it is an iPhone photo in HEIC, which most browsers do not show: save it as \
                 JPEG (on the iPhone, Settings > Camera > Formats > Most Compatible; on a Mac, \
                 open it in Preview and File > Export > JPEG; on Windows, open it in Photos \
                 and Save as > .jpg)"
            }
            PhotoFormat::Pdf => {
                "it is a PDF, not a photo: export the picture from it as a JPEG (for a photo) or \
                 a PNG (for a drawing or a scan of text)"
            }
            PhotoFormat::Tiff | PhotoFormat::Bmp | PhotoFormat::Gif => {
                "browsers show it poorly or not at all: save it as JPEG (for a photo) or PNG \
                 (for a drawing), for example with Paint, Preview or the Photos app"
            }
            _ => "save it as a JPEG, PNG, WebP or AVIF image",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PhotoFormat::Jpeg => "JPEG",
            PhotoFormat::Png => "PNG",
            PhotoFormat::Webp => "WebP",
            PhotoFormat::Avif => "AVIF",
            PhotoFormat::Heic => "HEIC",
            PhotoFormat::Pdf => "PDF",
            PhotoFormat::Tiff => "TIFF",
            PhotoFormat::Bmp => "BMP",
            PhotoFormat::Gif => "GIF",
            PhotoFormat::Unknown => "an unknown format",
        }
    }
}
