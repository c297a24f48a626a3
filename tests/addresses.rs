//! Web and e-mail addresses stay as typed.

mod common;

use common::changes;
use corrigenda::rules::Options;

#[test]
fn no_rule_changes_an_address() {
    let c = common::corrector(Options::default());
    let text = "The archive is at https://digitalarchive.wilsoncenter.org/document/119402 \
                and www.debain.org/intro/abut.html; write to debian-user@lists.debain.org.\n\
                The comittee met yesterday.\n";
    let got = changes(&c, text);
    // `debain`, `abut` and `wilsoncenter` inside the addresses are left;
    // the misread word outside them is not.
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "comittee");
    assert_eq!(got[0].1, "committee");
}
