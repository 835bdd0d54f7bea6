"""Editors cannot build nonsense trees: where each page type may and may not be created."""

from django.urls import reverse

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from loket.core.models import HomePage, StandardPage, ThemeIndexPage


class PageTreeRulesTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = Page.get_first_root_node()
        cls.home = cls.root.add_child(instance=HomePage(title="Regio", hero_title="Welkom"))
        Site.objects.filter(is_default_site=True).update(root_page=cls.home)

    def test_home_page_only_under_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_home_page_takes_standard_pages_and_the_theme_index(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(HomePage, ThemeIndexPage)

    def test_standard_page_nests_under_home_and_itself(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanNotCreateAt(Page, StandardPage)
        self.assertCanNotCreateAt(ThemeIndexPage, StandardPage)

    def test_theme_index_only_once_under_a_home_page(self):
        self.assertAllowedParentPageTypes(ThemeIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ThemeIndexPage, set())
        self.assertCanNotCreateAt(StandardPage, ThemeIndexPage)
        self.assertTrue(ThemeIndexPage.can_create_at(self.home))
        self.home.add_child(instance=ThemeIndexPage(title="Thema's", slug="themas"))
        self.assertFalse(ThemeIndexPage.can_create_at(self.home))

    def test_every_page_type_is_routable_and_renders(self):
        standard = self.home.add_child(instance=StandardPage(title="Contact", slug="contact"))
        themes = self.home.add_child(instance=ThemeIndexPage(title="Thema's", slug="themas"))
        for page in (self.home, standard, themes):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(themes, "financien/")

    def test_editors_can_preview_every_page_type(self):
        standard = self.home.add_child(instance=StandardPage(title="Contact", slug="contact"))
        themes = self.home.add_child(instance=ThemeIndexPage(title="Thema's", slug="themas"))
        body = streamfield(
            [
                ("paragraph", {"text": rich_text("<p>Samen kom je verder.</p>")}),
                ("quote", {"text": "Het werkt.", "author": "Sanne", "role": "bakker"}),
                (
                    "call_to_action",
                    {
                        "heading": "Doe mee",
                        "text": "",
                        "page": standard.pk,
                        "url": "",
                        "button_label": "Contact",
                    },
                ),
            ]
        )
        home_data = nested_form_data(
            {
                "title": "Regio",
                "slug": "regio",
                "hero_title": "Welkom",
                "body": body,
                "featured_items": inline_formset(
                    [{"linked_page": standard.pk, "title": "", "text": "Bel of mail."}]
                ),
            }
        )
        standard_data = nested_form_data(
            {"title": "Contact", "slug": "contact", "intro": "Hallo", "body": body}
        )
        themes_data = nested_form_data({"title": "Thema's", "slug": "themas", "intro": ""})
        self.assertPageIsPreviewable(self.home, post_data=home_data)
        self.assertPageIsPreviewable(standard, post_data=standard_data)
        self.assertPageIsPreviewable(themes, post_data=themes_data)

    def test_editors_create_a_standard_page_in_the_admin(self):
        self.login()
        data = nested_form_data(
            {
                "title": "Zo werkt het",
                "slug": "zo-werkt-het",
                "intro": "In drie stappen.",
                "body": streamfield(
                    [("paragraph", {"text": rich_text("<p>Maak een account.</p>")})]
                ),
            }
        )
        self.assertCanCreate(self.home, StandardPage, data)
        page = StandardPage.objects.get(slug="zo-werkt-het")
        self.assertEqual(page.body[0].block_type, "paragraph")

    def test_site_settings_are_edited_per_site(self):
        self.login()
        site = Site.objects.get(is_default_site=True)
        url = reverse("wagtailsettings:edit", args=["core", "sitesettings", site.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Contactgegevens")
