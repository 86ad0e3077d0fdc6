#pragma once

#include <functional>

class QObject;

namespace studio {

// Runs `apply` now, and again after every change of the application's language for as long as `owner` lives.
// `apply` sets the texts that tr() makes (labels, titles, tooltips, items, axis labels), so that the widgets
// built once follow View > Language at once. A change of language is the QEvent::LanguageChange that
// QCoreApplication sends itself when a translator is installed or removed. GUI thread only.
//
//   retranslate(this, [this] {
//       title_->setText(tr("Loss per epoch"));
//       clear_->setToolTip(tr("Forget the runs shown"));
//   });
void retranslate(QObject* owner, std::function<void()> apply);

}  // namespace studio
