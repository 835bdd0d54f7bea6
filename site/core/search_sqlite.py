"""The embedded default's full-text search: Wagtail's SQLite (FTS5) compiler with every word a
stemmed prefix (``loket.core.sitesearch.fts5_prefix_query``). Imported only on SQLite."""

from modelsearch.backends.database.sqlite.query import (
    LexemeCombinable,
    SearchQueryExpression,
    SearchQueryField,
)
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler

from wagtail.search.query import PlainText

from .sitesearch import VisibleQuerysetMixin, fts5_prefix_query


class _FTS5Query(LexemeCombinable):
    """A finished FTS5 query string, handed to the backend's MATCH as it is."""

    _output_field = SearchQueryField()

    def __init__(self, text: str):
        super().__init__(output_field=SearchQueryField())
        self.text = text

    def as_sql(self, compiler, connection):
        return "%s", [self.text]


class PrefixQueryCompiler(VisibleQuerysetMixin, SQLiteSearchQueryCompiler):
    """Wagtail's SQLite compiler, with every word of a plain-text query a stemmed prefix."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            terms = query.query_string.split()
            if not terms:
                return None
            operator = query.operator.lower()
            return SearchQueryExpression(_FTS5Query(fts5_prefix_query(terms, operator)))
        return super().build_search_query_content(query, config=config)
