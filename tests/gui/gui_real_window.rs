//! The real window, driven as a screen reader drives it: the real binary under Xvfb, its widget
//! tree read over AT-SPI from the session's accessibility bus, the keyboard typed with xdotool.
//! The kittest suites check the same screens frame by frame; this one checks that what AccessKit
//! publishes outside the process is enough to find, fill and save a field by its label.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::a11y::{self, AccessibilityBus};
use crate::common::display::{self, Display};
use crate::common::keyring::{self, PrivateKeyring};
use crate::common::{Sandbox, like};

/// The roles a person operates; each must carry a name a screen reader can say.
const CONTROLS: &[&str] = &[
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "entry",
    "password text",
    "combo box",
    "menu item",
    "spin button",
    "slider",
    "link",
    "dialog",
];

const CREDENTIALS_FILE: &str = "[dev]\naws_access_key_id = AKIAREALWINDOW000001\naws_secret_access_key = realwindowsecret000000000000000000000001\n";

struct RealApp {
    child: Child,
}

impl Drop for RealApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Controls without a name and labels that say nothing, in `tree`.
fn unnamed(tree: &[(String, String)]) -> Vec<String> {
    tree.iter()
        .filter(|(role, name)| {
            name.trim().is_empty() && (CONTROLS.contains(&role.as_str()) || role == "label")
        })
        .map(|(role, _)| role.clone())
        .collect()
}

#[test]
fn real_window_is_operable_by_name_from_the_accessibility_bus() {
    if !keyring::available() || !display::available() || !a11y::available() {
        return;
    }
    let sb = Sandbox::new();
    sb.write_config("[profile dev]\nregion = us-east-1\n");
    sb.write_credentials(CREDENTIALS_FILE);
    let keyring = PrivateKeyring::start();
    let display = Display::start();
    let bus = AccessibilityBus::start(&keyring.address, &display.name);

    let mut cmd = sb.cmd();
    keyring.apply(&mut cmd);
    let app = RealApp {
        child: like(&cmd, env!("CARGO_BIN_EXE_keyshelf"))
            .env("DISPLAY", &display.name)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the app starts"),
    };

    // The profile's page, as published (once the first frame is): every control has a name,
    // no label is empty.
    bus.ask(&["wait", "Region"]).assert_ok();
    let page = bus.tree();
    assert!(
        page.iter()
            .any(|(role, name)| role == "entry" && name == "Region"),
        "the page's Region field is on the bus: {page:?}"
    );
    assert_eq!(unnamed(&page), Vec::<String>::new(), "{page:?}");

    // Find the field by its label, type into it with the keyboard, read the value back.
    let window = display
        .wait_for("keyshelf", Duration::from_secs(20))
        .expect("the window is on the display");
    assert_eq!(bus.text("Region"), "us-east-1");
    display.act(&window, &[]);
    bus.focus("Region");
    display.act(
        &window,
        &[
            vec!["key", "ctrl+a"],
            vec!["type", "--delay", "30", "eu-west-1"],
        ],
    );
    assert_eq!(bus.text_once("Region", "eu-west-1"), "eu-west-1");
    bus.press("Save");
    let start = Instant::now();
    while !sb.read_config().contains("region = eu-west-1") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the save reached the file: {}\n{:?}",
            sb.read_config(),
            bus.tree()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(sb.read_config(), "[profile dev]\nregion = eu-west-1\n");
    assert_eq!(
        sb.read_credentials(),
        CREDENTIALS_FILE,
        "nothing else was written"
    );

    // The Health tab, opened by name, names its controls too.
    bus.press("Health");
    let health = bus.ask(&["wait", "Check again"]);
    health.assert_ok();
    let tree = bus.tree();
    assert_eq!(unnamed(&tree), Vec::<String>::new(), "{tree:?}");

    // A dialog is announced by its title.
    bus.press("More");
    bus.press("About");
    let about = bus.ask(&["dialog"]);
    assert!(
        about.assert_ok().stdout.starts_with("keyshelf "),
        "{about:?}"
    );
    let tree = bus.tree();
    assert_eq!(unnamed(&tree), Vec::<String>::new(), "{tree:?}");
    drop(app);
}
