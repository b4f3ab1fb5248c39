from __future__ import annotations


def test_interface_speaks_simplified_chinese_when_asked(client, bank):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="zh-hans">' in html and "测验" in html and "我的进度" in html


def test_language_switch_remembers_english_then_chinese(client, bank):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "My progress" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "我的进度" in client.get("/").content.decode()


def test_learner_messages_are_translated(client, six_types):
    from tests.factories import curated

    quiz = curated(six_types)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    client.post(f"/quizzes/{quiz.slug}/start/")
    from quizapp.quizzes.models import Attempt

    attempt = Attempt.objects.get()
    response = client.post(f"/attempts/{attempt.pk}/answer/", {"question": six_types[0].pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "Choose one answer" not in response.content.decode()
