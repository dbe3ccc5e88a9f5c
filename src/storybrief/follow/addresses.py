"""Which network addresses a fetch may reach: the rule that keeps a stranger's feed off the
user's own network.

A feed is written by a stranger, and so are the links in it and the redirects its server
sends.  Followed blindly, an item linking to ``http://192.168.1.1/`` or
``http://localhost:8080/admin`` would make storybrief probe the user's router or services.
So every connection made for a subscription on a public address may only go to *public*
addresses: not loopback, private (RFC 1918, IPv6 ULA), link-local (cloud metadata services
live there), multicast, reserved, unspecified, shared (carrier-grade NAT) or otherwise not
globally routable -- IPv4 and IPv6 alike, IPv4 addresses embedded in IPv6 (IPv4-mapped,
IPv4-compatible, 6to4, Teredo, NAT64) judged as the IPv4 address they carry.

A subscription whose own address is not public (a feed on the user's machine or network,
which the user chose to follow) is trusted with non-public addresses for its links too.

How it is enforced (:class:`storybrief.follow.fetch.Fetcher`): the check is made where the
connection is made, not on the URL.  The HTTP client's network backend resolves the host
itself (:meth:`AddressPolicy.resolve`), drops every address the policy refuses, and connects
to the literal address it checked -- so a name cannot resolve to a public address for the
check and a private one for the connection (DNS rebinding), and every redirect hop, robots.txt
request and retried attempt goes through the same check.  TLS still verifies the certificate
against the host name in the URL.

Not defended (documented, not hidden): HTTP proxies are never used (the client ignores proxy
settings in the environment: a proxy would make the connection, and the check, elsewhere);
a public address that leads to the user's own network anyway (a port forwarded on the user's
router, a VPN's public endpoint) looks public; the DNS query itself is made for any name,
so a hostile feed can make the user's resolver look a name up; timing differences between a
refused and a failed fetch are not hidden.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_CHECKS = (  # in this order: the first that applies names the problem
    ("is_unspecified", "an unspecified"),
    ("is_loopback", "a loopback"),
    ("is_link_local", "a link-local"),
    ("is_multicast", "a multicast"),
    ("is_reserved", "a reserved"),
    ("is_private", "a private"),
)


class BlockedAddress(Exception):
    """A connection the address policy refuses (never retried)."""

    def __init__(self, host: str, reason: str):
        super().__init__(f"{host}: {reason}")
        self.host = host
        self.reason = reason


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, 6to4, Teredo, NAT64)."""
    if ip.version == 4:
        return None
    assert isinstance(ip, ipaddress.IPv6Address)
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client's address
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):  # ::, ::1 are their own
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public address ("a loopback address"), or None when it is."""
    inner = embedded_ipv4(ip)
    if inner is not None:
        problem = address_problem(inner)
        return f"{problem} (carried in {ip})" if problem else None
    for attr, words in _CHECKS:
        if getattr(ip, attr):
            return f"{words} address"
    if not ip.is_global:
        return "not a globally routable address"
    return None


def system_resolve(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for ``host`` (in its order, each once)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[str] = []
    for info in infos:
        addr = str(info[4][0]).split("%", 1)[0]  # an IPv6 zone index is not part of it
        if addr not in out:
            out.append(addr)
    return out


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses connections may go to.

    ``allow_non_public`` turns the rule off (a subscription on the user's own network).
    ``treat_as_public`` is a hook for tests and benchmarks, which have only loopback
    addresses: these addresses count as public (a test serves a "stranger's" feed on
    127.0.0.2 and checks that its links cannot reach 127.0.0.1).  ``resolver`` replaces the
    system resolver (tests give names to loopback addresses with it)."""

    allow_non_public: bool = False
    treat_as_public: frozenset[IPAddress] = field(default_factory=frozenset)
    resolver: Resolver = system_resolve

    def problem(self, ip: IPAddress) -> str | None:
        """Why a connection to ``ip`` is refused, or None."""
        if self.allow_non_public or ip in self.treat_as_public:
            return None
        return address_problem(ip)

    def trusting(self) -> AddressPolicy:
        """The same policy with non-public addresses allowed."""
        return AddressPolicy(True, self.treat_as_public, self.resolver)

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Every address of ``host`` (a literal address is its own); ``OSError`` when the
        name does not resolve."""
        literal = parse_ip(host)
        if literal is not None:
            return [literal]
        out = []
        for addr in self.resolver(host, port):
            ip = parse_ip(addr)
            if ip is not None:
                out.append(ip)
        if not out:
            raise OSError(f"{host} has no address")
        return out

    def allowed(self, host: str, port: int) -> list[IPAddress]:
        """The addresses of ``host`` a connection may use, in the resolver's order; raises
        :class:`BlockedAddress` when there is none (naming the first refused one)."""
        addresses = self.resolve(host, port)
        ok = [ip for ip in addresses if self.problem(ip) is None]
        if not ok:
            first = addresses[0]
            shown = host if str(first) == host.strip("[]") else f"{host} ({first})"
            raise BlockedAddress(
                host,
                f"refused: {shown} is {self.problem(first)}; a feed's links may not reach "
                "the user's own network",
            )
        return ok

    def is_non_public_host(self, host: str, port: int = 80) -> bool:
        """True when every address of ``host`` is one the public rule refuses: a subscription
        there is on the user's own network.  False when the name does not resolve."""
        try:
            addresses = self.resolve(host, port)
        except (OSError, UnicodeError):
            return False
        return all(self.problem(ip) is not None for ip in addresses)


def parse_ip(text: str) -> IPAddress | None:
    """An IP address from its text (IPv6 with or without brackets or a zone), else None."""
    try:
        return ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def public_addresses(addresses: Iterable[str]) -> frozenset[IPAddress]:
    """``treat_as_public`` from address strings."""
    out = set()
    for a in addresses:
        ip = parse_ip(a)
        if ip is None:
            raise ValueError(f"not an IP address: {a!r}")
        out.add(ip)
    return frozenset(out)
