"""PostgreSQL's full-text search for the site search: Wagtail's compiler with every word a prefix
of a Dutch stem, so "intervisie" also finds "intervisiegroep" and "netwerk" "netwerkavond", as the
embedded default does. Imported only on PostgreSQL."""

from functools import reduce

from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
from modelsearch.backends.database.postgres.query import Lexeme

from django.contrib.postgres.search import SearchQuery

from wagtail.search.query import PlainText

from .sitesearch import VisibleQuerysetMixin


class PrefixQueryCompiler(VisibleQuerysetMixin, PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText) and not invert:
            terms = query.query_string.split()
            if not terms:
                return None
            lexemes = [Lexeme(term, prefix=True) for term in terms]
            if query.operator == "or":
                combined = reduce(lambda a, b: a | b, lexemes)
            else:
                combined = reduce(lambda a, b: a & b, lexemes)
            return SearchQuery(combined, search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)
