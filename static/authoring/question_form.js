// Question admin: show only the fields that belong to the chosen type.
(function () {
  const select = document.getElementById("id_type");
  if (!select) return;
  function update() {
    const type = select.value;
    document.querySelectorAll("fieldset.qtype").forEach((fs) => {
      fs.hidden = !fs.classList.contains("qtype-" + type);
    });
    const choices = document.querySelector(".choices-inline");
    if (choices) choices.hidden = !(type === "single_choice" || type === "multiple_response");
  }
  select.addEventListener("change", update);
  document.addEventListener("DOMContentLoaded", update);
  update();
})();
