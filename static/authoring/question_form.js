// Question admin: show only the fields that belong to the chosen type.
// Loaded in <head> by the admin's form media, so it waits for the form to exist.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("id_type");
  if (!select) return;
  function update() {
    const type = select.value;
    document.querySelectorAll("fieldset.qtype").forEach((fs) => {
      fs.classList.toggle("qtype-off", !fs.classList.contains("qtype-" + type));
    });
    const choices = document.querySelector(".choices-inline");
    if (choices) choices.classList.toggle("qtype-off", !(type === "single_choice" || type === "multiple_response"));
  }
  select.addEventListener("change", update);
  update();
});
