//! The app's colours on top of egui's light and dark themes, chosen by contrast: a text field's
//! border stands out from the page at 3:1 at least (egui's light theme draws none: 1.07:1), and
//! the list's status words (plaintext, keychain, needs attention) read at 4.5:1 at least, in a
//! colour that says which is which.

use egui::{Color32, Stroke, Theme, Visuals};

/// Text fields' and buttons' resting border, per theme.
fn field_border(theme: Theme) -> Color32 {
    match theme {
        Theme::Light => Color32::from_gray(118),
        Theme::Dark => Color32::from_gray(120),
    }
}

/// Plaintext keys, a problem: a warning colour.
pub fn warning(visuals: &Visuals) -> Color32 {
    match visuals.dark_mode {
        true => Color32::from_rgb(0xff, 0xb4, 0x54),
        false => Color32::from_rgb(0x8a, 0x42, 0x00),
    }
}

/// Keys in the keychain: a safe colour.
pub fn safe(visuals: &Visuals) -> Color32 {
    match visuals.dark_mode {
        true => Color32::from_rgb(0x7e, 0xe0, 0x8a),
        false => Color32::from_rgb(0x17, 0x63, 0x27),
    }
}

/// Sets both themes once (egui keeps a style per theme; the person switches between them).
pub fn apply(ctx: &egui::Context) {
    for theme in [Theme::Light, Theme::Dark] {
        ctx.style_mut_of(theme, |style| {
            let border = field_border(theme);
            style.visuals.widgets.inactive.bg_stroke = Stroke::new(1.0, border);
        });
    }
}

/// The main window's panels: egui's frames without their fill, on a window cleared to that
/// fill ([`clear_color`]). The look is the same, and every pixel is shaded once less: on a
/// software renderer (Mesa's llvmpipe, where there is no GPU) shading a window-sized fill is
/// most of the first frame's drawing (measured: 11 ms of 189 ms to the first frame).
pub fn central_frame(style: &egui::Style) -> egui::Frame {
    egui::Frame::central_panel(style).fill(Color32::TRANSPARENT)
}

/// As [`central_frame`], for a panel along an edge.
pub fn edge_frame(style: &egui::Style) -> egui::Frame {
    egui::Frame::side_top_panel(style).fill(Color32::TRANSPARENT)
}

/// What the window is cleared to before egui draws: the panels' fill, which they leave out.
pub fn clear_color(visuals: &Visuals) -> [f32; 4] {
    visuals.panel_fill.to_normalized_gamma_f32()
}

/// WCAG's contrast ratio of two colours (1 to 21).
#[cfg(test)]
fn contrast(a: Color32, b: Color32) -> f32 {
    fn luminance(c: Color32) -> f32 {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The panels leave out only what the window is cleared to, in both themes.
    #[test]
    fn the_window_is_cleared_to_the_fill_the_panels_leave_out() {
        let ctx = egui::Context::default();
        apply(&ctx);
        for theme in [Theme::Light, Theme::Dark] {
            let style = ctx.style_of(theme);
            assert_eq!(
                clear_color(&style.visuals),
                style.visuals.panel_fill.to_normalized_gamma_f32()
            );
            assert_eq!(
                egui::Frame::central_panel(&style).fill,
                style.visuals.panel_fill
            );
            assert_eq!(central_frame(&style).fill, Color32::TRANSPARENT);
            assert_eq!(edge_frame(&style).fill, Color32::TRANSPARENT);
        }
    }

    /// Measured on egui's own backgrounds for both themes, as the app sets them.
    #[test]
    fn fields_and_status_words_stand_out_in_both_themes() {
        let ctx = egui::Context::default();
        apply(&ctx);
        for theme in [Theme::Light, Theme::Dark] {
            let visuals = ctx.style_of(theme).visuals.clone();
            for background in [
                visuals.panel_fill,
                visuals.extreme_bg_color,
                visuals.window_fill,
            ] {
                let border = visuals.widgets.inactive.bg_stroke.color;
                assert!(
                    contrast(border, background) >= 3.0,
                    "{theme:?}: field border {:.2}:1",
                    contrast(border, background)
                );
                for colour in [warning(&visuals), safe(&visuals)] {
                    assert!(
                        contrast(colour, background) >= 4.5,
                        "{theme:?}: status word {:.2}:1",
                        contrast(colour, background)
                    );
                }
            }
        }
    }
}
