# Installation layout and the Debian package. Included from the top-level CMakeLists.txt.
#   cmake --install build --prefix /usr     install by hand
#   (cd build && cpack)                      build/lstm-studio_<version>_<arch>.deb
# The desktop entry, AppStream file and icon all take their names from STUDIO_APP_ID.

include(GNUInstallDirs)

# The project has no public home yet: the id and the URLs below assume it is published as
# github.com/lstm-studio/lstm-studio. Whoever publishes it elsewhere changes these three.
set(STUDIO_APP_ID "io.github.lstm_studio.lstm_studio" CACHE STRING
    "Reverse-DNS application id (desktop entry, AppStream component, icon name)")
set(STUDIO_PROJECT_URL "https://github.com/lstm-studio/lstm-studio" CACHE STRING "Project home page")
set(STUDIO_SCREENSHOT_URL "https://raw.githubusercontent.com/lstm-studio/lstm-studio/main/docs/screenshot.png"
    CACHE STRING "Where docs/screenshot.png is published (AppStream wants a web address)")
set(STUDIO_RELEASE_DATE "2026-11-26")

set(_pkg_dir ${PROJECT_SOURCE_DIR}/packaging)
set(_pkg_out ${PROJECT_BINARY_DIR}/packaging)
configure_file(${_pkg_dir}/lstm-studio.desktop.in ${_pkg_out}/${STUDIO_APP_ID}.desktop @ONLY)
configure_file(${_pkg_dir}/lstm-studio.metainfo.xml.in ${_pkg_out}/${STUDIO_APP_ID}.metainfo.xml @ONLY)

# Manual pages go in compressed, as Debian's policy asks.
set(_man_pages lstm-studio-cli.1)
if(STUDIO_GUI)
  list(APPEND _man_pages lstm-studio.1)
endif()
set(_man_outputs)
foreach(_page IN LISTS _man_pages)
  add_custom_command(OUTPUT ${_pkg_out}/${_page}.gz
    COMMAND gzip -9 -n -c ${_pkg_dir}/${_page} > ${_pkg_out}/${_page}.gz
    DEPENDS ${_pkg_dir}/${_page} VERBATIM)
  list(APPEND _man_outputs ${_pkg_out}/${_page}.gz)
endforeach()
add_custom_target(studio_man_pages ALL DEPENDS ${_man_outputs})
install(FILES ${_man_outputs} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The README and what it shows (docs/), which Help > About links to (AboutDialog::readmePath).
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)

# The bundled data sets; the GUI looks for them in ../share/lstm-studio/datasets next to
# its executable (app/gui_main.cpp).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/datasets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/lstm-studio/datasets)

if(STUDIO_GUI)
  install(FILES ${_pkg_out}/${STUDIO_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${_pkg_out}/${STUDIO_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/lstm-studio.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${STUDIO_APP_ID}.svg)
endif()

if(STUDIO_TESTS)
  find_program(STUDIO_DESKTOP_FILE_VALIDATE desktop-file-validate)
  find_program(STUDIO_APPSTREAMCLI appstreamcli)
  if(NOT STUDIO_DESKTOP_FILE_VALIDATE)
    set(STUDIO_DESKTOP_FILE_VALIDATE desktop-file-validate)  # the test fails and says what is missing
  endif()
  if(NOT STUDIO_APPSTREAMCLI)
    set(STUDIO_APPSTREAMCLI appstreamcli)
  endif()
  add_test(NAME package_desktop_file COMMAND ${STUDIO_DESKTOP_FILE_VALIDATE} ${_pkg_out}/${STUDIO_APP_ID}.desktop)
  add_test(NAME package_metainfo
           COMMAND ${STUDIO_APPSTREAMCLI} validate --no-net --pedantic ${_pkg_out}/${STUDIO_APP_ID}.metainfo.xml)
  add_test(NAME package_man_cli
           COMMAND ${_pkg_dir}/check_manpage.sh ${_pkg_dir}/lstm-studio-cli.1 $<TARGET_FILE:lstm-studio-cli>)
  set_tests_properties(package_desktop_file package_metainfo package_man_cli PROPERTIES LABELS package)
  if(STUDIO_GUI)
    add_test(NAME package_man_gui
             COMMAND ${_pkg_dir}/check_manpage.sh ${_pkg_dir}/lstm-studio.1 $<TARGET_FILE:lstm-studio>)
    set_tests_properties(package_man_gui PROPERTIES LABELS package ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
  endif()
endif()

# The Debian package: `cpack` in the build folder. dpkg-shlibdeps (dpkg-dev) finds the
# libraries' packages; what is loaded at run time without being linked is listed by hand.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lstm-studio)
set(CPACK_PACKAGE_VENDOR "LSTM Studio")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "train LSTM and BiLSTM sequence models on series and text")
set(CPACK_PACKAGE_DESCRIPTION
    "LSTM Studio trains recurrent sequence models (LSTM, BiLSTM) with LibTorch on a CSV\n"
    "price series, labeled texts or a plain text, shows loss, gradient norm and learning\n"
    "rate live, compares predictions with the naive forecast, and quantizes, benchmarks\n"
    "and exports the models to ONNX. lstm-studio is the desktop application,\n"
    "lstm-studio-cli the command line that does the same without a display.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "LSTM Studio developers")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${STUDIO_PROJECT_URL})
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# LibTorch's libblas.so.3 should be OpenBLAS: Debian's reference BLAS trains ~13x slower.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-pthread")
if(STUDIO_GUI)
  # Qt loads its platform plugins (xcb, wayland) at run time, and its own translations (the
  # standard dialogs and buttons in Chinese) from qt6-translations-l10n. The Chinese interface
  # needs a font with CJK glyphs.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, qt6-translations-l10n")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-pthread, fonts-noto-cjk")
endif()
include(CPack)
