/* The self-check quiz: check each answer, keep a score, start again. */
(function () {
  "use strict";

  var t = window.dpupTools;
  var once = t.once;
  var revealControls = t.revealControls;
  var focus = t.focus;

  function initQuiz(root) {
    if (!once(root)) return;
    var questions = Array.prototype.slice.call(root.querySelectorAll(".dpup-quiz__question"));
    var score = root.querySelector(".dpup-quiz__score");
    revealControls(root);
    root.classList.add("dpup-quiz--js");

    function updateScore() {
      var checked = questions.filter(function (q) { return q.dataset.result; });
      var right = checked.filter(function (q) { return q.dataset.result === "right"; });
      score.textContent = checked.length
        ? "You have checked " + checked.length + " of " + questions.length + " answers. " + right.length + " right."
        : "";
    }

    questions.forEach(function (question) {
      var feedback = question.querySelector(".dpup-quiz__feedback");
      question.querySelector('[data-action="check"]').addEventListener("click", function () {
        var chosen = question.querySelector("input:checked");
        if (!chosen) {
          feedback.textContent = "Choose an answer first.";
          return;
        }
        var right = chosen.value === question.dataset.correct;
        question.dataset.result = right ? "right" : "wrong";
        feedback.textContent = right ? "Right. See why below." : "Not quite. See the answer below.";
        question.querySelector(".dpup-quiz__answer").open = true;
        updateScore();
      });
    });

    root.querySelector('[data-action="restart"]').addEventListener("click", function () {
      questions.forEach(function (question) {
        question.querySelectorAll("input").forEach(function (input) { input.checked = false; });
        question.querySelector(".dpup-quiz__feedback").textContent = "";
        question.querySelector(".dpup-quiz__answer").open = false;
        delete question.dataset.result;
      });
      updateScore();
      focus(questions[0].querySelector("h3"));
    });
  }

  t.register("[data-dpup-quiz]", initQuiz);
})();
