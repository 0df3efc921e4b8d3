//! The desktop app (feature `gui`).

/// Opens the window and runs until it is closed.
pub fn run() -> eframe::Result<()> {
    Ok(())
}
