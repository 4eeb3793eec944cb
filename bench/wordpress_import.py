"""Speed and peak memory of `import_wordpress` on a synthetic WordPress export.

    .venv/bin/python bench/wordpress_import.py [--posts 10000] [--body-kb 2] [--photos 0]

Writes a WXR file shaped like WordPress's exporter writes it (authors, categories, tags, classic
posts without <p>, links between posts, a "Don't Miss" box in one post of ten) into
bench/results/, makes a fresh SQLite database there, then runs the import in a child process and
reports its wall time, its CPU time (user + system of the child and its photo workers) and its
peak resident memory (getrusage ru_maxrss of the child). Targets: 10,000 posts without images at
200 posts/s or more; under 400 MB peak for a 500 MB export (`--posts 10000 --body-kb 50`).
"""

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "wordpress"
SITE = "https://bench.example"
WORDS = [
    "council", "water", "budget", "mayor", "river", "bridge", "school", "market", "prices",
    "vote", "street", "residents", "hospital", "power", "court", "police", "transport",
    "teachers", "election", "protest", "harbour",
]  # fmt: skip


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def paragraph(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 60))).capitalize() + "."


def write_export(path, posts, body_kb, photos, seed=1):
    rng = random.Random(seed)
    authors = 20
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n')
        out.write('\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n')
        out.write('\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n')
        out.write('\txmlns:dc="http://purl.org/dc/elements/1.1/"\n')
        out.write('\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n')
        out.write(f"\t<title>Bench</title>\n\t<link>{SITE}</link>\n")
        out.write(
            f"\t<wp:wxr_version>1.2</wp:wxr_version>\n\t<wp:base_site_url>{SITE}"
            f"</wp:base_site_url>\n\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        )
        for a in range(1, authors + 1):
            out.write(
                f"\t<wp:author><wp:author_id>{a}</wp:author_id><wp:author_login>"
                f"{cdata(f'user{a}')}</wp:author_login><wp:author_email>"
                f"{cdata(f'user{a}@bench.example')}</wp:author_email>"
                f"<wp:author_display_name>{cdata(f'Reporter {a}')}"
                "</wp:author_display_name></wp:author>\n"
            )
        for c in range(20):
            out.write(
                f"\t<wp:category><wp:term_id>{c + 1}</wp:term_id><wp:category_nicename>"
                f"{cdata(f'cat-{c}')}</wp:category_nicename><wp:category_parent>"
                f"{cdata('')}</wp:category_parent><wp:cat_name>{cdata(f'Category {c}')}"
                "</wp:cat_name></wp:category>\n"
            )
        for wp_id in range(1, posts + 1):
            day = 1 + wp_id % 28
            month = 1 + (wp_id // 28) % 12
            slug = f"story-{wp_id}"
            link = f"{SITE}/2023/{month:02d}/{day:02d}/{slug}/"
            paragraphs, size = [], 0
            while size < body_kb * 1024:
                paragraphs.append(paragraph(rng))
                size += len(paragraphs[-1])
            if wp_id > 2:
                other = rng.randint(1, wp_id - 1)
                paragraphs.insert(1, f'See <a href="{SITE}/?p={other}">the earlier story</a>.')
            if wp_id % 10 == 0:
                picks = [rng.randint(1, posts) for _ in range(3)]
                paragraphs.append(
                    "Don't Miss:\n"
                    + "\n".join(f'<a href="{SITE}/?p={p}">Story {p}</a>' for p in picks)
                )
            meta = ""
            if photos and wp_id <= photos:
                meta = (
                    f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>"
                    f"{posts + wp_id}</wp:meta_value></wp:postmeta>"
                )
            tags = "".join(
                f'<category domain="post_tag" nicename="tag-{t}">{cdata(f"tag {t}")}</category>'
                for t in rng.sample(range(300), 3)
            )
            out.write(
                f"\t<item><title>{escape(f'Story number {wp_id} about the ' + rng.choice(WORDS))}"
                f"</title><link>{link}</link><dc:creator>{cdata(f'user{1 + wp_id % authors}')}"
                f'</dc:creator><guid isPermaLink="false">{SITE}/?p={wp_id}</guid>'
                f"<content:encoded>{cdata(chr(10) + chr(10).join(paragraphs))}</content:encoded>"
                f"<excerpt:encoded>{cdata('')}</excerpt:encoded><wp:post_id>{wp_id}</wp:post_id>"
                f"<wp:post_date>{cdata(f'2023-{month:02d}-{day:02d} 10:00:00')}</wp:post_date>"
                f"<wp:post_date_gmt>{cdata(f'2023-{month:02d}-{day:02d} 14:00:00')}"
                f"</wp:post_date_gmt><wp:post_name>{cdata(slug)}</wp:post_name>"
                f"<wp:status>{cdata('publish')}</wp:status><wp:post_parent>0</wp:post_parent>"
                f"<wp:post_type>{cdata('post')}</wp:post_type>"
                f'<category domain="category" nicename="cat-{wp_id % 20}">'
                f"{cdata(f'Category {wp_id % 20}')}</category>{tags}{meta}</item>\n"
            )
        for n in range(1, photos + 1):
            out.write(
                f"\t<item><title>Photo {n}</title><link>{SITE}/photo-{n}/</link>"
                f"<wp:post_id>{posts + n}</wp:post_id><wp:post_type>attachment</wp:post_type>"
                f"<wp:status>inherit</wp:status><wp:post_parent>{n}</wp:post_parent>"
                f"<wp:attachment_url>{SITE}/wp-content/uploads/bench/photo-{n}.jpg"
                "</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
                f"<wp:meta_value>bench/photo-{n}.jpg</wp:meta_value></wp:postmeta></item>\n"
            )
        out.write("</channel>\n</rss>\n")


def write_photos(folder, count):
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    gradient = Image.linear_gradient("L").resize((3000, 2000)).convert("RGB")
    for n in range(1, count + 1):
        noise = Image.effect_noise((3000, 2000), 20 + n % 30).convert("RGB")
        Image.blend(gradient, noise, 0.3).save(folder / f"photo-{n}.jpg", "JPEG", quality=90)


def run_child(args, env):
    """Run a child; return (wall seconds, CPU seconds, peak MB, output)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"{args} failed:\n{output}")
    # wait4's usage includes the child's own waited-for children: the photo workers.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def compare_workers(uploads, count):
    """Wall and CPU time of the photo phase's Pillow work with one worker, then two."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ["MEDIA_ROOT"] = str(RESULTS / "media-workers")
    import django

    django.setup()
    from articles.wordpress import photos

    jobs = [(n, str(uploads / "bench" / f"photo-{n}.jpg"), False) for n in range(1, count + 1)]
    for workers in (1, 2):
        before = [
            resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        ]
        started = time.perf_counter()
        results = list(photos.render_all(jobs, workers=workers))
        wall = time.perf_counter() - started
        after = [
            resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        ]
        cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before))
        assert all(values for _, values, _ in results)
        print(
            f"photos with {workers} worker(s): wall {wall:.1f} s, CPU {cpu:.1f} s, "
            f"{wall / count:.2f} s wall per photo"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--body-kb", type=float, default=2)
    parser.add_argument("--photos", type=int, default=0)
    parser.add_argument(
        "--compare-workers",
        action="store_true",
        help="also time the photos' Pillow work with one worker and with two",
    )
    options = parser.parse_args()

    shutil.rmtree(RESULTS, ignore_errors=True)
    RESULTS.mkdir(parents=True)
    export = RESULTS / "export.xml"
    write_export(export, options.posts, options.body_kb, options.photos)
    uploads = RESULTS / "uploads"
    write_photos(uploads / "bench", options.photos)
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{RESULTS / 'db.sqlite3'}",
        "MEDIA_ROOT": str(RESULTS / "media"),
        "PAGE_CACHE_SECONDS": "0",
    }
    python = sys.executable
    run_child([python, "manage.py", "migrate", "--noinput", "-v0"], env)
    command = [
        python,
        "manage.py",
        "import_wordpress",
        str(export),
        "--uploads",
        str(uploads),
        "--report",
        str(RESULTS / "report.txt"),
    ]
    wall, cpu, peak, output = run_child(command, env)
    size_mb = export.stat().st_size / 1e6
    print(f"export: {options.posts} posts, {options.photos} photos, {size_mb:.0f} MB")
    print(f"wall {wall:.1f} s · {options.posts / wall:.0f} posts/s (target ≥ 200 without photos)")
    print(
        f"CPU {cpu:.1f} s (importer and its photo workers) · "
        f"{cpu / options.posts * 1000:.2f} ms CPU per post · "
        f"{options.posts / cpu:.0f} posts per CPU-second"
    )
    print(f"peak memory {peak:.0f} MB (target < 400 MB for a 500 MB export)")
    print(output.strip().splitlines()[-1])
    if options.compare_workers and options.photos:
        compare_workers(uploads, options.photos)


if __name__ == "__main__":
    main()
