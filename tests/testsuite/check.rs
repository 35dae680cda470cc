//! `compendium check`: every validation rule, with its exact position and message.

use crate::support::Site;

#[test]
fn minimal_site_passes() {
    let s = Site::minimal();
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
