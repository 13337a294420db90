import { useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { FILE_PARAM, FOLDER_PARAM, folderFromParam, withFile, withFolder } from '../lib/files-location';

/** Marks the history entry the panel pushed for a preview: closing it goes back instead of adding an entry. */
const PREVIEW_STATE = 'klassenraum.files-preview';

function pushedPreview(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as Record<string, unknown>)[PREVIEW_STATE] === true;
}

/**
 * The folder shown and the file previewed live in the URL (`?ordner=`, `?datei=`), so Back/Forward, reload
 * and links work; moving to a folder pushes a history entry. The filter typed is per folder (cleared on a move).
 */
export function useFilesLocation(root: string) {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const routerNavigate = useNavigate();
  const path = folderFromParam(root, params.get(FOLDER_PARAM));
  const file = params.get(FILE_PARAM);
  const [typed, setTyped] = useState({ path, value: '' });
  const [focusList, setFocusList] = useState(false);
  const filter = typed.path === path ? typed.value : '';
  return {
    path,
    file,
    filter,
    setFilter: (value: string) => { setTyped({ path, value }); },
    focusList,
    navigate: (next: string) => {
      setParams((current) => withFolder(current, root, next));
      setFocusList(true);
    },
    openFile: (name: string) => {
      setParams((current) => withFile(current, name), { state: { [PREVIEW_STATE]: true } });
    },
    closeFile: () => {
      if (pushedPreview(location.state)) void routerNavigate(-1);
      else setParams((current) => withFile(current, null), { replace: true });
    },
  };
}
