/** Strings of the upload component's failures, in both languages; spread into zh-TW.ts and en.ts. */

export const zhUploads = {
  uploadErrors: {
    diskFull: '伺服器儲存空間不足，檔案未保存。請稍後再試；若持續發生，請通知學校。',
    unconfirmed: '伺服器未確認已保存此檔案，請重新上傳。',
    refused: '上傳失敗，檔案未保存（{{status}}）',
  },
};

export const enUploads = {
  uploadErrors: {
    diskFull:
      'The server is out of storage space; the file was not saved. Please try again later, and tell the school if it persists.',
    unconfirmed: 'The server did not confirm that the file was saved; please upload it again.',
    refused: 'Upload failed; the file was not saved ({{status}})',
  },
};
