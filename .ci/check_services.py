"""Check that the PostgreSQL and Redis servers named by DATABASE_URL and REDIS_URL answer.

With --create-database, create the PostgreSQL database when it does not exist yet.
Exits non-zero with a one-line reason when either is unreachable.
"""

import os
import sys

import dj_database_url
import psycopg
import redis
from psycopg import sql


def main():
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    params = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"] or "postgres",
        "password": config["PASSWORD"] or None,
        "connect_timeout": 5,
    }
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
            ).fetchone()
            if not exists and "--create-database" in sys.argv:
                connection.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"]))
                )
    except psycopg.Error as error:
        sys.exit(f"PostgreSQL at {params['host']}:{params['port']} is unreachable: {error}")
    try:
        redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=5).ping()
    except redis.RedisError as error:
        sys.exit(f"Redis at {os.environ['REDIS_URL']} is unreachable: {error}")
    print(f"PostgreSQL database {config['NAME']} and Redis answer.")


if __name__ == "__main__":
    main()
