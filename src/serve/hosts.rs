//! Which `Host` names `serve` answers to: against DNS rebinding, a page on
//! another site must not read the preview through a name it controls.

use std::net::{IpAddr, Ipv6Addr};

/// Which `Host` names the server answers to: loopback names always (a DNS
/// name an attacker controls can be pointed at 127.0.0.1, but the browser
/// still sends that name), plus the `--host` it was started with. When it
/// listens on every address (`0.0.0.0`, `::`), any IP address too: a request
/// by address involves no DNS, so it cannot be rebinding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hosts {
    extra: Option<String>,
    any_ip: bool,
}

impl Hosts {
    /// The names allowed when listening on `bind` (the `--host` value).
    pub fn for_bind(bind: &str) -> Hosts {
        let name =
            normalize(bind.strip_prefix('[').and_then(|b| b.strip_suffix(']')).unwrap_or(bind));
        if is_loopback_name(&name) {
            return Hosts { extra: None, any_ip: false };
        }
        if name.parse::<IpAddr>().is_ok_and(|ip| ip.is_unspecified()) {
            return Hosts { extra: None, any_ip: true };
        }
        Hosts { extra: Some(name), any_ip: false }
    }

    /// Whether a request naming `host` (a `Host` header value or a request
    /// URI's authority: name or address, optional port) is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else { return false };
        if is_loopback_name(&name) {
            return true;
        }
        let ip = name.parse::<IpAddr>().ok();
        if self.any_ip && ip.is_some() {
            return true;
        }
        match (&self.extra, ip) {
            (Some(extra), Some(ip)) => extra.parse::<IpAddr>().is_ok_and(|e| e == ip),
            (Some(extra), None) => *extra == name,
            (None, _) => false,
        }
    }
}

/// Lower case, without the final dot of a fully qualified name.
fn normalize(name: &str) -> String {
    let name = name.to_ascii_lowercase();
    name.strip_suffix('.').map(str::to_owned).unwrap_or(name)
}

/// `localhost`, `127.x.x.x`, `::1` (and `::ffff:127.x.x.x`).
pub fn is_loopback_name(name: &str) -> bool {
    let name = normalize(name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name));
    name == "localhost"
        || match name.parse::<IpAddr>() {
            Ok(IpAddr::V4(ip)) => ip.is_loopback(),
            Ok(IpAddr::V6(ip)) => {
                ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
            }
            Err(_) => false,
        }
}

/// The name or address of a `Host` value (`name`, `name:port`, `1.2.3.4`,
/// `[::1]:8080`), normalized; `None` when it is malformed.
fn host_name(value: &str) -> Option<String> {
    let (name, port) = match value.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            let port = if after.is_empty() { "" } else { after.strip_prefix(':')? };
            inside.parse::<Ipv6Addr>().ok()?;
            (inside, port)
        }
        None => value.split_once(':').unwrap_or((value, "")),
    };
    let port_ok = port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'));
    (port_ok && name_ok).then(|| normalize(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        let local = Hosts::for_bind("127.0.0.1");
        for ok in [
            "localhost",
            "localhost:3000",
            "LocalHost.:3000",
            "127.0.0.1",
            "127.0.0.1:8080",
            "127.255.0.9:1",
            "[::1]",
            "[::1]:3000",
            "[::ffff:127.0.0.1]:80",
            "localhost:",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1",
            "0.0.0.0:3000",
            "[::2]",
            "::1",
            "[::1",
            "[::1]x",
            "localhost:3000:1",
            "localhost:99999999",
            "localhost:abc",
            "local host",
            "user@localhost",
        ] {
            assert!(!local.allows(bad), "{bad}");
        }
        assert_eq!(Hosts::for_bind("localhost"), local);
        assert_eq!(Hosts::for_bind("::1"), local);
        assert_eq!(Hosts::for_bind("[::1]"), local);
        let named = Hosts::for_bind("Preview.Example");
        assert!(named.allows("preview.example:3000") && named.allows("localhost"));
        assert!(!named.allows("other.example") && !named.allows("192.168.1.2"));
        let lan = Hosts::for_bind("192.168.1.2");
        assert!(lan.allows("192.168.1.2:3000") && !lan.allows("192.168.1.3"));
        let v6 = Hosts::for_bind("fe80::1");
        assert!(v6.allows("[fe80:0::1]:3000") && !v6.allows("[fe80::2]"));
        // Every address: any address (no DNS, no rebinding), still no names.
        for any in ["0.0.0.0", "::", "[::]"] {
            let all = Hosts::for_bind(any);
            assert!(
                all.allows("192.168.1.2:3000")
                    && all.allows("[fe80::1]")
                    && all.allows("localhost")
            );
            assert!(!all.allows("evil.example"), "{any}");
        }
        assert!(
            is_loopback_name("127.0.0.1")
                && is_loopback_name("[::1]")
                && is_loopback_name("LOCALHOST")
        );
        assert!(
            !is_loopback_name("0.0.0.0")
                && !is_loopback_name("::")
                && !is_loopback_name("example.org")
        );
    }
}
