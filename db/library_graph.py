"""The ``Library`` methods of the link chart: the graph around a search or some entries, the
evidence behind a link, the shortest chain between two entries, and charts saved by name
(``db.graph``, ``db.charts``). ``Library`` inherits them."""

from __future__ import annotations


class GraphMethods:
    """The link chart's data; mixed into ``db.library.Library`` (``self.conn``)."""

    def graph(self, query: str, *, depth: int = 1, limit: int | None = None):
        """The link chart of a search: its results (at most ``limit``, the best first), the
        entries within ``depth`` links of them, and every link among those (``db.graph``)."""
        from db.graph import DEFAULT_LIMIT

        result = self.results(query)
        return self.graph_of_results(result.nums, total=result.total, depth=depth,
                                     limit=DEFAULT_LIMIT if limit is None else limit)

    def graph_of_results(self, nums, *, total: int | None = None, depth: int = 1,
                         limit: int | None = None):
        """``graph`` for a result set already run: its entry numbers, best first."""
        from db.graph import COUNT_CAP, DEFAULT_LIMIT, ids_for_nums, neighbourhood

        seeds = ids_for_nums(self.conn, list(nums[:COUNT_CAP]))
        total = len(nums) if total is None else total
        return neighbourhood(self.conn, seeds, depth=depth,
                             limit=DEFAULT_LIMIT if limit is None else limit,
                             more_seeds=max(0, total - len(seeds)))

    def graph_around(self, ids, *, depth: int = 1, limit: int | None = None):
        """The entries within ``depth`` links of ``ids`` and the links among them."""
        from db.graph import DEFAULT_LIMIT, neighbourhood

        return neighbourhood(self.conn, list(ids), depth=depth,
                             limit=DEFAULT_LIMIT if limit is None else limit)

    def graph_of(self, ids):
        """Just these entries and the links among them (a saved chart, reopened)."""
        from db.graph import graph_of

        return graph_of(self.conn, list(ids))

    def link_evidence(self, from_id: str, to_id: str) -> list[dict]:
        """The passages that state a link: source and the quotes of both entries."""
        from db.graph import link_evidence

        return link_evidence(self.conn, from_id, to_id)

    def shortest_chain(self, start: str, goal: str) -> list[dict]:
        """The shortest chain of links between two entries (``[]`` when there is none)."""
        from db.graph import shortest_path

        return shortest_path(self.conn, start, goal)

    def save_chart(self, name: str, state: dict) -> dict:
        from db.charts import save_chart

        return save_chart(self.conn, name, state)

    def charts(self) -> list[dict]:
        from db.charts import list_charts

        return list_charts(self.conn)

    def chart(self, name: str) -> dict:
        from db.charts import get_chart

        return get_chart(self.conn, name)

    def delete_chart(self, name: str) -> None:
        from db.charts import delete_chart

        delete_chart(self.conn, name)
