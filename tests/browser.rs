//! The HTML manual in a real browser: headless Chromium draws each embedded manual, the
//! screenshot is not blank, and nothing on the page is wider than a desktop or a phone window.
//!
//! Screenshots of each manual go to `target/screenshots/<manual>.png` (under
//! `CARGO_TARGET_DIR` when it is set) for a person to look at; they are not committed.
//!
//! The width check runs on a copy of the page into which this test puts a small script that
//! measures every element and writes what it found into the page, read back with `--dump-dom`;
//! the page the tool writes stays without script. Wide tables scroll inside their
//! `.table-wrap`, so the wrapper must fit the window but what is inside it may be wider.
//! Chromium's headless window is no narrower than 500 px, so the phone check zooms the copy by
//! 1.25 in a 500 px window: the page is laid out in 400 CSS px, as on a phone.
//!
//! Where no Chromium can start, the tests say why and pass; with `CI` set, as in .ci/run
//! (which installs Debian's `chromium`), a missing browser fails them.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use practice_coaching::{reference, render};

/// How long one browser run may take before it is stopped: a guard against a hung browser,
/// not a measure of speed.
const PATIENCE: Duration = Duration::from_secs(120);

/// The probe put into the test copy: lists the elements that stick out of the window, leaving
/// out what is inside a `.table-wrap` (which scrolls), and writes the result as JSON into
/// `<pre id="probe-result">`.
const PROBE: &str = r"<script>
addEventListener('load', () => {
  const width = document.documentElement.clientWidth;
  const outside = [];
  for (const el of document.body.querySelectorAll('*')) {
    const wrap = el.parentElement && el.parentElement.closest('.table-wrap');
    if (wrap) continue;
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5 || r.left < -0.5) {
      outside.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  const scrolling = [...document.querySelectorAll('.table-wrap')]
    .filter((w) => w.scrollWidth > w.clientWidth).length;
  const pre = document.createElement('pre');
  pre.id = 'probe-result';
  pre.textContent = JSON.stringify({
    width, innerWidth, scrollWidth: document.documentElement.scrollWidth, outside, scrolling,
  });
  document.body.append(pre);
});
</script>";

/// A browser that starts, or why there is none.
fn browser() -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = ["chromium", "chromium-browser"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .ok_or("no `chromium` on PATH (Debian: apt-get install chromium)")?;
    let scratch = Scratch::new("start");
    let out = run(&found, &scratch, &["--dump-dom", "about:blank"])?;
    if out.status.success() && String::from_utf8_lossy(&out.stdout).contains("<body>") {
        Ok(found)
    } else {
        Err(format!(
            "{} does not start: {}",
            found.display(),
            tail(&out.stderr)
        ))
    }
}

/// The browser, or `None` after saying why the test is skipped; in CI a missing browser fails.
fn browser_or_skip(test: &str) -> Option<PathBuf> {
    match browser() {
        Ok(found) => Some(found),
        Err(why) if std::env::var_os("CI").is_some() => {
            panic!("{test}: CI installs Chromium, yet {why}")
        }
        Err(why) => {
            println!("{test}: skipped, {why}");
            None
        }
    }
}

/// The last lines a failing browser wrote.
fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join("\n")
}

/// A directory of its own for one browser run: the page, and a profile no other run shares.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        // Tests run side by side in one process: a number keeps their directories apart.
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "practice-coaching-browser-{}-{}-{name}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Writes `html` as a page and gives its `file://` address.
    fn page(&self, html: &str) -> String {
        let path = self.0.join("page.html");
        std::fs::write(&path, html).unwrap();
        format!("file://{}", path.display())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs headless Chromium with `args`, stopping it after [`PATIENCE`].
fn run(browser: &Path, scratch: &Scratch, args: &[&str]) -> Result<Output, String> {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--no-first-run",
            "--mute-audio",
        ])
        .arg(format!(
            "--user-data-dir={}",
            scratch.0.join("profile").display()
        ))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{} does not run: {e}", browser.display()))?;
    // Read both pipes while waiting, so a large DOM cannot fill one and stall the browser.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{} did not finish", browser.display()));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Ok(Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    })
}

/// Where the screenshots go: `screenshots/` in the target directory this test was built in.
fn screenshot_dir() -> PathBuf {
    // The test runs as <target>/<profile>/deps/browser-<hash>.
    let exe = std::env::current_exe().unwrap();
    let target = exe
        .ancestors()
        .nth(3)
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf);
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What a screenshot shows: its size, how many of its pixels are not white, and how many
/// distinct colours it has.
struct Picture {
    width: u32,
    height: u32,
    inked: usize,
    colours: usize,
}

fn look_at(png_file: &Path) -> Picture {
    let file = std::io::BufReader::new(std::fs::File::open(png_file).unwrap());
    let mut decoder = png::Decoder::new(file);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let samples = info.color_type.samples();
    assert!(
        samples >= 3,
        "{}: {:?}",
        png_file.display(),
        info.color_type
    );
    let mut colours = std::collections::HashSet::new();
    let mut inked = 0;
    for pixel in buf[..info.buffer_size()].chunks_exact(samples) {
        let rgb = [pixel[0], pixel[1], pixel[2]];
        if rgb.iter().any(|&c| c < 250) {
            inked += 1;
        }
        colours.insert(rgb);
    }
    Picture {
        width: info.width,
        height: info.height,
        inked,
        colours: colours.len(),
    }
}

#[test]
fn every_manual_is_drawn_and_not_blank() {
    let Some(browser) = browser_or_skip("every_manual_is_drawn_and_not_blank") else {
        return;
    };
    let shots = screenshot_dir();
    for (name, manual) in reference::manuals() {
        let scratch = Scratch::new(name);
        let url = scratch.page(&render::html(manual, None));
        let shot = shots.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&shot);
        let out = run(
            &browser,
            &scratch,
            &[
                &format!("--screenshot={}", shot.display()),
                "--window-size=1280,2000",
                &url,
            ],
        )
        .unwrap();
        assert!(
            out.status.success() && shot.is_file(),
            "{name}: no screenshot: {}",
            tail(&out.stderr)
        );
        let picture = look_at(&shot);
        assert_eq!((picture.width, picture.height), (1280, 2000), "{name}");
        let pixels = 1280 * 2000;
        // Text over a column of the page inks some percent of it; a blank or an error page
        // inks next to nothing and has a handful of colours.
        assert!(
            picture.inked > pixels / 50,
            "{name}: {} of {pixels} pixels inked, see {}",
            picture.inked,
            shot.display()
        );
        assert!(
            picture.colours > 50,
            "{name}: {} colours, see {}",
            picture.colours,
            shot.display()
        );
        println!(
            "{name}: {} ({} pixels inked, {} colours)",
            shot.display(),
            picture.inked,
            picture.colours
        );
    }
}

/// What the probe found on a page in a window `width` px wide.
fn probe(browser: &Path, name: &str, html: &str, width: u32, zoom: f64) -> serde_json::Value {
    let scratch = Scratch::new(&format!("{name}-{width}-{zoom}"));
    let copy = html
        .replacen("<style>", &format!("<style>\nhtml {{ zoom: {zoom}; }}"), 1)
        .replacen("</body>", &format!("{PROBE}\n</body>"), 1);
    assert!(
        copy.contains("probe-result"),
        "{name}: no </body> for the probe"
    );
    let url = scratch.page(&copy);
    let out = run(
        browser,
        &scratch,
        &[
            "--dump-dom",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=10000",
            &format!("--window-size={width},2000"),
            &url,
        ],
    )
    .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let (_, rest) = dom
        .split_once("<pre id=\"probe-result\">")
        .unwrap_or_else(|| panic!("{name}: the probe wrote nothing: {}", tail(&out.stderr)));
    let (json, _) = rest.split_once("</pre>").unwrap();
    let result = json
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&result).unwrap()
}

#[test]
fn no_manual_is_wider_than_a_desktop_or_a_phone_window() {
    let Some(browser) = browser_or_skip("no_manual_is_wider_than_a_desktop_or_a_phone_window")
    else {
        return;
    };
    let pages = reference::manuals()
        .map(|(name, manual)| (name.to_owned(), render::html(manual, None)))
        .into_iter()
        .chain([(
            "bhicci-late-with-changes".to_owned(),
            render::html(reference::bhicci_late(), Some(reference::bhicci_launch())),
        )]);
    for (name, html) in pages {
        // A desktop window, and a phone's 400 CSS px (see the module's docs).
        for (width, zoom, css_width) in [(1280, 1.0, 1280), (500, 1.25, 400)] {
            let found = probe(&browser, &name, &html, width, zoom);
            let window = found["width"].as_f64().unwrap();
            assert!(window > 0.0, "{name}: {found}");
            assert!(
                found["scrollWidth"].as_f64().unwrap() <= window,
                "{name} at {css_width} px scrolls sideways: {found}"
            );
            assert_eq!(
                found["outside"].as_array().map(Vec::len),
                Some(0),
                "{name} at {css_width} px: elements outside the window: {found}"
            );
            println!(
                "{name} at {css_width} px: fits; {} tables scroll in their wrapper",
                found["scrolling"]
            );
        }
    }
}

/// The probe of a chart: the box of every `<text>` as Chromium lays it out.
const TEXT_PROBE: &str = r"<script>
addEventListener('load', () => {
  const texts = [...document.querySelectorAll('svg text')].map((t) => {
    const r = t.getBoundingClientRect();
    return { text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  });
  const pre = document.createElement('pre');
  pre.id = 'probe-result';
  pre.textContent = JSON.stringify({ texts });
  document.body.append(pre);
});
</script>";

#[cfg(feature = "charts")]
#[test]
fn the_heat_map_has_a_legend_and_month_labels_that_never_overlap() {
    use practice_coaching::fidelity::Window;
    use practice_coaching::fidelity::chart::heat_map_svg;

    let Some(browser) =
        browser_or_skip("the_heat_map_has_a_legend_and_month_labels_that_never_overlap")
    else {
        return;
    };
    let program = reference::bhicci_sample_program();
    let manual = reference::bhicci_late();
    // Three years and ten years of periods: labels every few months, then every few years.
    for as_of in ["2018-09-01", "2025-09-01"] {
        let fidelity = program.fidelity(manual, Window::as_of(as_of.parse().unwrap()));
        let svg = heat_map_svg(&fidelity, program).expect("a heat map");
        let scratch = Scratch::new(&format!("heat-{as_of}"));
        let url = scratch.page(&format!(
            "<!doctype html><html><body style=\"margin:0\">{svg}{TEXT_PROBE}</body></html>"
        ));
        let out = run(
            &browser,
            &scratch,
            &[
                "--dump-dom",
                "--run-all-compositor-stages-before-draw",
                "--virtual-time-budget=10000",
                "--window-size=1600,1200",
                &url,
            ],
        )
        .unwrap();
        let dom = String::from_utf8_lossy(&out.stdout);
        let (_, rest) = dom
            .split_once("<pre id=\"probe-result\">")
            .unwrap_or_else(|| panic!("the probe wrote nothing: {}", tail(&out.stderr)));
        let (json, _) = rest.split_once("</pre>").unwrap();
        let found: serde_json::Value = serde_json::from_str(&json.replace("&amp;", "&")).unwrap();
        let texts = found["texts"].as_array().unwrap();
        let text = |t: &serde_json::Value| t["text"].as_str().unwrap_or_default().trim().to_owned();
        // The legend: its scale's ends and the grey of no complete period.
        for words in ["0%", "100%", "no complete period began"] {
            assert!(
                texts.iter().any(|t| text(t) == words),
                "{as_of}: no legend `{words}`"
            );
        }
        // Month or year labels: at least two, and no two overlapping.
        let labels: Vec<&serde_json::Value> = texts
            .iter()
            .filter(|t| {
                let s = text(t);
                s.len() >= 4 && s.chars().all(|c| c.is_ascii_digit() || c == '-')
            })
            .collect();
        assert!(labels.len() >= 2, "{as_of}: {labels:?}");
        let edge = |t: &serde_json::Value, side: &str| t[side].as_f64().unwrap();
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                let apart = edge(a, "right") <= edge(b, "left")
                    || edge(b, "right") <= edge(a, "left")
                    || edge(a, "bottom") <= edge(b, "top")
                    || edge(b, "bottom") <= edge(a, "top");
                assert!(apart, "{as_of}: `{}` overlaps `{}`", text(a), text(b));
            }
        }
    }
}
